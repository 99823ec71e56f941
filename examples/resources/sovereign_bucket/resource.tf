resource "sovereign_bucket" "logs" {
  name       = "acme-prod-logs"
  versioning = true

  # Destroying a bucket that still holds objects fails (and keeps everything)
  # unless this was applied first.
  force_destroy = false

  labels = {
    team = "platform"
  }
}
