#!/bin/sh
# In place of bin/lifeboat in SystemdSandboxTest: a JVM that, like the worker, has a child process
# running and drains in a shutdown hook when systemd stops the unit (StopProbe.java).
exec "$JAVA_HOME/bin/java" /opt/lifeboat/StopProbe.java
