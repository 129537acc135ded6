#!/bin/bash
# Boots systemd as PID 1 of new PID, mount, network, UTS, IPC and cgroup namespaces
# (SystemdSandboxTest runs this under unshare) with $UNIT, a shipped unit, installed as $NAME with
# a probe in place of the launcher, run by the Java of $JAVA_HOME. /etc and /var are overlays,
# /opt, /run, /home, /srv and /tmp are tmpfs, all inside the namespace: nothing of the host
# changes. The probe reports under $WORK/var-up/lib.
set -euo pipefail
mount --make-rprivate /
for tree in etc var; do
  mkdir -p "$WORK/$tree-up" "$WORK/$tree-work"
  mount -t overlay overlay -o "lowerdir=/$tree,upperdir=$WORK/$tree-up,workdir=$WORK/$tree-work" \
    "/$tree" || exit 97
done
for tree in opt run home srv; do
  mkdir -p "/$tree"
  mount -t tmpfs tmpfs "/$tree"
done
mkdir -p /opt/lifeboat/bin
# PROBE: run (lifeboat-run-probe.sh: the sandbox), stop (lifeboat-stop-probe.sh: stopping) or
# worker (lifeboat-worker-probe.sh: the real worker).
cp "$WORK/lifeboat-$PROBE-probe.sh" /opt/lifeboat/bin/lifeboat
cp "$WORK/SandboxProbe.java" "$WORK/StopProbe.java" /opt/lifeboat/
chmod 0755 /opt/lifeboat/bin/lifeboat
# The service user, as docs/install.md makes it.
echo 'lifeboat:x:990:990::/var/lib/lifeboat:/usr/sbin/nologin' >> /etc/passwd
echo 'lifeboat:x:990:' >> /etc/group
install -d -m 0750 -o root -g lifeboat /etc/lifeboat
echo 'probe: true' > /etc/lifeboat/lifeboat.yml
chgrp lifeboat /etc/lifeboat/lifeboat.yml && chmod 0640 /etc/lifeboat/lifeboat.yml
if [ "$PROBE" = worker ]; then
  # The real worker: the configuration and keys of the test's stack, the jars of the Maven
  # repository (under /root, which the unit hides) at /opt/lifeboat/m2, the build's own classes at
  # /opt/lifeboat/cp, a host name of its own.
  cp "$WORK/lifeboat.yml" /etc/lifeboat/lifeboat.yml
  install -d -m 0750 -o root -g lifeboat /etc/lifeboat/keys
  install -m 0640 -o root -g lifeboat "$WORK"/keys/* /etc/lifeboat/keys/
  mkdir -p /opt/lifeboat/m2
  mount --bind "$M2" /opt/lifeboat/m2
  cp "$WORK/classpath" /opt/lifeboat/classpath
  # the build's own classes, copied out of /tmp or /home, which the unit hides
  if [ -d "$WORK/cp" ]; then cp -r "$WORK/cp" /opt/lifeboat/cp; fi
  echo lifeboat-sandbox > /etc/hostname   # systemd sets it at boot
  echo '127.0.1.1 lifeboat-sandbox' >> /etc/hosts
fi
# Places the service's own permissions would let it write: the sandbox must not.
install -d -m 1777 /srv/open /home/open /var/lib/open
mkdir -p "/etc/systemd/system/$NAME.d"
cp "$UNIT" "/etc/systemd/system/$NAME"
# Only for the namespace: no sysinit.target (it would clean the host's /tmp), and systemd exits
# when the probe has run: the unit's end, or (stop) the stopper's.
exit_when_done="SuccessAction=exit-force
FailureAction=exit-force"
first="$NAME"
if [ "$PROBE" = stop ]; then
  first=probe-stopper.service
  # Stops the unit as an operator would once the probe's JVM is up, then records how it ended.
  cat > /etc/systemd/system/probe-stopper.service <<UNIT
[Unit]
DefaultDependencies=no
Wants=$NAME
After=$NAME
$exit_when_done
[Service]
Type=oneshot
ExecStart=/bin/sh /opt/lifeboat/stopper.sh $NAME
UNIT
  cat > /opt/lifeboat/stopper.sh <<'STOPPER'
for i in $(seq 600); do
  grep -q started /var/lib/lifeboat/stop.txt 2>/dev/null && break
  sleep 0.1
done
systemctl stop "$1"
systemctl show -p Result -p ExecMainStatus -p ActiveState "$1" > /var/lib/stopped.txt
STOPPER
  exit_when_done=""
fi
cat > "/etc/systemd/system/$NAME.d/probe.conf" <<CONF
[Unit]
DefaultDependencies=no
$exit_when_done
[Service]
Restart=no
Environment=JAVA_HOME=$JAVA_HOME
CONF
mount -t tmpfs tmpfs /tmp
touch /tmp/host-tmp-marker
exec env -i container=lifeboat-sandbox-test PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  /lib/systemd/systemd --system --unit="$first" --show-status=no
