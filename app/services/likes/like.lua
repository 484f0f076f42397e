-- One like, decided and recorded atomically in one round trip (app/services/likes.py calls it).
--
-- KEYS: 1 state hash, 2 likeable set, 3 held set, 4 user-day hash, 5 IP window counter,
--       6 nominee velocity counter, 7 leaderboard, 8 stream, 9 idempotency key, 10 user risk rank,
--       11 disabled users set
-- ARGV: 1 nomination id, 2 user id, 3 now (ms), 4 day (YYYY-MM-DD), 5 ip, 6 has idempotency key (0/1),
--       7 user-day key lifetime (s), 8 window length (s), 9 idempotency ttl (s), 10 risk check (0/1),
--       11 risk rank refused from, 12 campaign id
-- Answers {"ok", likes, remaining_today, replayed} or {code, retry_after_seconds}.

-- Redis 6 (the embedded server) replicates a script verbatim unless told otherwise, and refuses
-- writes after XADD's random id; effects replication is the default (and this a no-op) in Redis 7.
if redis.replicate_commands then redis.replicate_commands() end

local nid, uid, now_ms = ARGV[1], ARGV[2], tonumber(ARGV[3])

if redis.call('SISMEMBER', KEYS[11], uid) == 1 then return {'account_disabled', 0} end

if ARGV[6] == '1' then
  local earlier = redis.call('GET', KEYS[9])
  if earlier then
    local liked, likes, remaining = string.match(earlier, '^(%d+)|(%d+)|(-?%d+)$')
    if liked ~= nid then return {'idempotency_conflict', 0} end
    -- Written again (same value, same expiry) so that a WAIT after this replay (LIKES_WAIT_REPLICAS) waits
    -- for the replicas to reach this point, the first answer's like included, whichever connection sent it.
    redis.call('SET', KEYS[9], earlier, 'KEEPTTL')
    return {'ok', tonumber(likes), tonumber(remaining), 1}
  end
end

local rules = redis.call('HMGET', KEYS[1], 'windows', 'per_nominee', 'per_user', 'per_ip', 'velocity')
if not rules[2] then return {'no_state', 0} end

local open = false
for opens, closes in string.gmatch(rules[1] or '', '(%d+),(%d+)') do
  if now_ms >= tonumber(opens) and now_ms < tonumber(closes) then open = true break end
end
if not open then return {'stage_closed', 0} end

if redis.call('SISMEMBER', KEYS[2], nid) == 0 then return {'not_likeable', 0} end
if redis.call('SISMEMBER', KEYS[3], nid) == 1 then return {'held_for_review', 0} end

if ARGV[10] == '1' then
  local rank = redis.call('GET', KEYS[10])
  if not rank then return {'risk_unknown', 0} end
  if tonumber(rank) >= tonumber(ARGV[11]) then return {'risk_rejected', 0} end
end

local per_user = tonumber(rules[3])
local mine = redis.call('HMGET', KEYS[4], nid, '_total')
if tonumber(mine[1] or '0') >= tonumber(rules[2]) then return {'already_liked_today', 0} end
if tonumber(mine[2] or '0') >= per_user then return {'daily_limit_reached', 0} end

local window_left = tonumber(ARGV[8]) - math.floor(now_ms / 1000) % tonumber(ARGV[8])
if tonumber(redis.call('GET', KEYS[5]) or '0') >= tonumber(rules[4]) then
  return {'too_fast', window_left}
end

if tonumber(redis.call('GET', KEYS[6]) or '0') >= tonumber(rules[5]) then
  -- The nominee is liked faster than people plausibly do: hold it for an organizer's review.
  if redis.call('SADD', KEYS[3], nid) == 1 then
    redis.call('XADD', KEYS[8], '*', 't', 'hold', 'c', ARGV[12], 'n', nid, 'at', ARGV[3],
      'rate', redis.call('GET', KEYS[6]), 'limit', rules[5], 'window', ARGV[8])
  end
  return {'held_for_review', 0}
end

local seq = redis.call('HINCRBY', KEYS[4], nid, 1)
local total = redis.call('HINCRBY', KEYS[4], '_total', 1)
-- Keys get their lifetime when they are created (they are named after their day or minute).
if total == 1 then redis.call('EXPIRE', KEYS[4], ARGV[7]) end
if redis.call('INCR', KEYS[5]) == 1 then redis.call('EXPIRE', KEYS[5], 2 * tonumber(ARGV[8])) end
if redis.call('INCR', KEYS[6]) == 1 then redis.call('EXPIRE', KEYS[6], 2 * tonumber(ARGV[8])) end
local likes = tonumber(redis.call('ZINCRBY', KEYS[7], 1, nid))
redis.call('XADD', KEYS[8], '*', 't', 'like', 'c', ARGV[12], 'n', nid, 'u', uid, 'd', ARGV[4], 's', seq,
  'ip', ARGV[5], 'at', ARGV[3])
local remaining = per_user - total
if ARGV[6] == '1' then
  redis.call('SET', KEYS[9], nid .. '|' .. likes .. '|' .. remaining, 'EX', ARGV[9])
end
return {'ok', likes, remaining, 0}
