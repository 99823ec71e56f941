terraform import sovereign_network.app 3b1f6c9e-7a52-4f0e-9d55-1c7d2f4f8a10
