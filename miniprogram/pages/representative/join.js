Page(require('./join-logic'))
