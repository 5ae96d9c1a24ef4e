// The end-to-end tests drive Linux parts (gnome-keyring over D-Bus, Debian's git, a linux-x64 publish).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
