Page(require('./logic'))
