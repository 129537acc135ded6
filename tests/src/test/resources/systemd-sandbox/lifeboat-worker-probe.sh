#!/bin/sh
# In place of bin/lifeboat in SystemdSandboxTest: the real Lifeboat CLI, on the tests' classpath
# (boot.sh writes it to /opt/lifeboat/classpath), its output kept in the state directory.
exec > /var/lib/lifeboat/lifeboat.log 2>&1
exec "$JAVA_HOME/bin/java" -Xmx384m -cp "$(cat /opt/lifeboat/classpath)" io.lifeboat.worker.cli.Main "$@"
