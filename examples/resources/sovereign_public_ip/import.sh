terraform import sovereign_public_ip.web 4b6d8f0a-2c4e-4f6a-8b0d-2e4f6a8b0c1d
