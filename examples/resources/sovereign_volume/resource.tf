resource "sovereign_volume" "data" {
  name    = "data"
  size_gb = 100

  labels = {
    backup = "daily"
  }
}
