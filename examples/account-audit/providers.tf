# Configured from the environment: OS_AUTH_URL, OS_USERNAME, OS_PASSWORD,
# OS_DOMAIN_NAME and OS_PROJECT_ID (or the HW_* names, or AK/SK). `make
# emulator` prints a set that points at the local emulator.
provider "vbs" {}
