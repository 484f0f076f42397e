-- One lookup of a cached public answer (services/public_cache/store.py), in one round trip.
-- KEYS[1] the entry (a hash), KEYS[2] the current-campaign pointer, KEYS[3] the entry's rebuild lock.
-- ARGV[1] now (ms), ARGV[2] 'peek' (only read) or 'claim' (take the lock when a rebuild is due),
-- ARGV[3] the lock's token, ARGV[4] the lock's life (ms). An entry with `board` and `member` holds its
-- body in two halves (`body`, `tail`) around the live like count of `member` on the sorted set `board`.
-- Answers {state, etag, body}: 'hit' (serve it), 'stale'/'old'/'miss' (peek: not servable),
-- 'build' (claim: the caller holds the lock and rebuilds), 'wait' (claim: another request rebuilds).
local e = redis.call('HMGET', KEYS[1], 'cid', 'ver', 'hard', 'soft', 'etag', 'body', 'board', 'member', 'tail')
if e[7] then
  -- A nominee's page: its like count is read now, between the body's two halves.
  local likes = string.format('%d', tonumber(redis.call('ZSCORE', e[7], e[8]) or '0'))
  e[5] = string.sub(e[5], 1, -2) .. '-' .. likes .. '"'
  e[6] = e[6] .. likes .. e[9]
end
local now = tonumber(ARGV[1])
local state = 'miss'
if e[1] then
  local version = redis.call('GET', 'public:version:' .. e[1]) or '0'
  if redis.call('GET', KEYS[2]) == e[1] and version == e[2] and now < tonumber(e[3]) then
    if now < tonumber(e[4]) then
      return {'hit', e[5], e[6]}
    end
    state = 'stale'  -- same version, only its like counts are older than promised
  else
    state = 'old'  -- another version, day or campaign: never served while a rebuild can finish
  end
end
if ARGV[2] == 'peek' then
  if state == 'stale' and redis.call('EXISTS', KEYS[3]) == 1 then
    return {'hit', e[5], e[6]}  -- being rebuilt: the counts of a moment ago meanwhile
  end
  return {state}
end
if redis.call('SET', KEYS[3], ARGV[3], 'NX', 'PX', ARGV[4]) then
  return {'build', e[5], e[6]}
end
if state == 'stale' then
  return {'hit', e[5], e[6]}
end
return {'wait', e[5], e[6]}
