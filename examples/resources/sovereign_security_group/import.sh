terraform import sovereign_security_group.web 5d1f0b8e-3c4a-4a8e-9f21-7b6c5d4e3f2a
