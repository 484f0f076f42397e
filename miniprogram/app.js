// The mini-program's entry. Pages and the API module arrive with the mini-program issue.
App({
  globalData: {}
});
