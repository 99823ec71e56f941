# On OpenStack clouds the id is "<server_id>/<volume_id>".
terraform import sovereign_volume_attachment.data 2c4e6a8b-0d1f-4e3a-9b5c-7d9e1f3a5b7c/7e5c3a1f-9d8b-4c6a-8e4f-2a0b9c8d7e6f
