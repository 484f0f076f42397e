// The mini-program's entry. Pages hold their logic in logic.js beside them (testable in Node);
// every call to the server goes through utils/api.js.
App({
  globalData: {}
})
