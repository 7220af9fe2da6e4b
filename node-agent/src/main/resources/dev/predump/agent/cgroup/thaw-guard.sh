# predump thaw guard: thaws one cgroup if the agent dies or hangs while the cgroup is frozen.
# POSIX sh (dash, busybox ash, bash) plus timeout(1) (coreutils, or busybox 1.30 or later).
# Run as: sh -c "$(cat thaw-guard.sh)" thaw-guard FILE VALUE SHELL
#   FILE   the freezer file (cgroup v2: cgroup.freeze, v1: freezer.state)
#   VALUE  what thaws it (v2: 0, v1: THAWED)
#   SHELL  path of this shell, to read one line under timeout(1)
# Commands on stdin, one a line:
#   arm MILLIS  the agent is about to freeze; thaw unless another command comes within MILLIS
#   disarm      the agent has thawed
#   exit        the agent is done; thaw if armed, then exit
# End of input means the agent is gone (the kernel closes its end of the pipe even on SIGKILL):
# thaw if armed, then exit. Lines to stdout: "ready PID" once, "fired deadline" per expiry.
#
# Why timeout(1): dash's read has no -t. A background sleep that a disarm kills is racy in dash
# (a signal that arrives before the subshell sets its trap is lost) and leaves orphans behind. So
# while armed, one line is read by a child shell under timeout(1); it reads the pipe byte by byte,
# like the shell itself, so no command is swallowed. While disarmed the guard has no children.

file=$1
value=$2
shell=${3:-sh}
armed=0
wait_for=

# The agent may be gone when we write to stdout: an ignored SIGPIPE turns that into a failed
# write instead of killing us before we thaw. INT/HUP/QUIT reach the agent's whole process group
# (Ctrl-C of the CLI): the agent's death closes our stdin, which is the signal we act on.
trap '' PIPE INT HUP QUIT

thaw() {
  printf '%s\n' "$value" > "$file" || echo "thaw-guard: cannot write $value to $file" >&2
}

finish() {
  if [ "$armed" = 1 ]; then
    thaw
  fi
  exit 0
}

# SIGTERM (e.g. the node shutting down): thaw if armed and leave. While armed the shell runs the
# trap once the pending read returns, so at the latest when the deadline expires.
trap finish TERM

# Fractional seconds where timeout(1) takes them, whole seconds (rounded up) where not.
if timeout 5.5 "$shell" -c : 2>/dev/null; then
  fractional=1
elif timeout 5 "$shell" -c : 2>/dev/null; then
  fractional=0
else
  echo "thaw-guard: timeout(1) is missing or unusable; cannot enforce freeze deadlines" >&2
  exit 1
fi

seconds() {
  if [ "$fractional" = 1 ]; then
    printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000))
  else
    printf '%d' $((($1 + 999) / 1000))
  fi
}

echo "ready $$"
while :; do
  if [ "$armed" = 1 ]; then
    line=$(timeout "$wait_for" "$shell" -c 'IFS= read -r l && printf "%s" "$l"')
  else
    IFS= read -r line
  fi
  status=$?
  case $status in
    0) ;;
    1) finish ;;
    124 | 137 | 143)
      thaw
      armed=0
      echo "fired deadline"
      continue
      ;;
    *)
      echo "thaw-guard: waiting for a command failed with status $status" >&2
      finish
      ;;
  esac
  set -- $line
  case ${1:-} in
    arm)
      armed=1
      wait_for=$(seconds "${2:-0}")
      ;;
    disarm) armed=0 ;;
    exit) finish ;;
    *) echo "thaw-guard: unknown command '$line'" >&2 ;;
  esac
done
