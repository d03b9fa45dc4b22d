#!/bin/sh
# After the .deb is installed: an unprivileged user for the kiosk, its data folder, the unit.
set -e
id glovebox >/dev/null 2>&1 || useradd --system --create-home --groups video,render,input,audio glovebox
install -d -o glovebox -g glovebox -m 0750 /var/lib/glovebox
install -m 0644 /opt/glovebox/resources/app/packaging/glovebox-kiosk.service /etc/systemd/system/glovebox-kiosk.service 2>/dev/null || true
systemctl daemon-reload || true
