"""Prints, as JSON, what the report says about the machine and the published binary."""
import json
import os
import platform
import subprocess
import sys


def first_line(*command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "not found"


def cpu_model():
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gib():
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    return None


def os_name():
    try:
        with open("/etc/os-release") as release:
            fields = dict(line.rstrip("\n").split("=", 1) for line in release if "=" in line)
        return fields.get("PRETTY_NAME", "").strip('"')
    except OSError:
        return platform.system()


def published_files(directory):
    files = {}
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            files[name] = os.path.getsize(path)
    return files


bin_dir = sys.argv[1]
print(json.dumps({
    "cpu": cpu_model(),
    "cores": os.cpu_count(),
    "memoryGiB": memory_gib(),
    "os": os_name(),
    "kernel": platform.release(),
    "loadAverageAtStart": os.getloadavg()[0],
    "dotnet": first_line("dotnet", "--version"),
    "git": first_line("git", "--version"),
    "hyperfine": first_line("hyperfine", "--version"),
    "gitCredentialOauth": first_line("dpkg-query", "-W", "-f", "${Version}", "git-credential-oauth"),
    "helperVersion": first_line(os.path.join(bin_dir, "git-credential-entra"), "--version"),
    "publishedFiles": published_files(bin_dir),
}, indent=2))
