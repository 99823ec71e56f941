terraform import sovereign_server.web 2c4e6a8b-0d1f-4e3a-9b5c-7d9e1f3a5b7c
