// Accounts, bcrypt, sessions and roles (issue #3).
