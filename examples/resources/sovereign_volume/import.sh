terraform import sovereign_volume.data 7e5c3a1f-9d8b-4c6a-8e4f-2a0b9c8d7e6f
