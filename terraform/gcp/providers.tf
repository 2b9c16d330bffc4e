provider "google" {
  project = var.project
  region  = var.region
  zone    = var.zone

  # every resource that takes labels gets these, so a forgotten sandbox can be found by label
  default_labels = local.labels
}
