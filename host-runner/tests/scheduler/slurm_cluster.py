"""A one-node Slurm cluster of this machine's own, for tests: munged with its own key and socket,
slurmctld and slurmd from a generated slurm.conf, all under one directory, on 127.0.0.1 ports
chosen free, no cgroups (proctrack/linuxproc, task/none). Debian's slurm-wlm and munge; root.

    with SlurmCluster(work_dir, node="lab-slurm", features="rack_r1") as cluster:
        subprocess.run(["srun", ...], env=cluster.env)

Every daemon runs in the foreground as a child of the test and is stopped on leaving the block
(SIGTERM, then SIGKILL after 10 s). A daemon that exits or a node that is not idle within 60 s
raises ClusterError with the tail of every daemon's output (DIR/DAEMON.out).
"""
import os
import socket
import subprocess
import time

DAEMONS = ("munged", "slurmctld", "slurmd")
TOOLS = DAEMONS + ("mungekey", "srun", "sinfo", "scontrol")
SBIN_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"


class ClusterError(Exception):
    pass


def missing_tools():
    """The tools of TOOLS not installed (PATH plus the sbin directories)."""
    path = os.environ.get("PATH", "") + ":" + SBIN_PATH
    return [t for t in TOOLS
            if not any(os.access(os.path.join(d, t), os.X_OK) for d in path.split(":") if d)]


def free_loopback_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SLURM_CONF = """\
ClusterName=memattr-test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort={ctld_port}
SlurmdPort={slurmd_port}
# Bind the daemons and srun to 127.0.0.1, not every address.
CommunicationParameters=NoInAddrAny,NoCtldInAddrAny
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={dir}/munge/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation={dir}/ctld-state
SlurmdSpoolDir={dir}/slurmd-spool
SlurmctldPidFile={dir}/slurmctld.pid
SlurmdPidFile={dir}/slurmd.pid
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SwitchType=switch/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
NodeName={node} NodeHostname=localhost NodeAddr=127.0.0.1 CPUs={cpus} RealMemory=512 Features={features} State=UNKNOWN
PartitionName=memattr Nodes={node} Default=YES MaxTime=INFINITE State=UP
"""


class SlurmCluster:
    def __init__(self, work, node, features):
        self.dir, self.node, self.features = os.path.abspath(work), node, features
        self.conf = os.path.join(self.dir, "slurm.conf")
        self.env = dict(os.environ, SLURM_CONF=self.conf,
                        PATH=os.environ.get("PATH", "") + ":" + SBIN_PATH)
        self.procs = {}

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        munge = os.path.join(self.dir, "munge")
        for d in (munge, os.path.join(self.dir, "ctld-state"), os.path.join(self.dir, "slurmd-spool")):
            os.makedirs(d, mode=0o755)
        key = os.path.join(munge, "munge.key")
        subprocess.run(["mungekey", "--create", "--keyfile=" + key], env=self.env, check=True)
        with open(self.conf, "w") as f:
            f.write(SLURM_CONF.format(dir=self.dir, node=self.node, features=self.features,
                                      cpus=os.cpu_count(), ctld_port=free_loopback_port(),
                                      slurmd_port=free_loopback_port()))
        # --force: munged refuses a socket below a directory not searchable by all (a private
        # temporary directory); its files are all under munge/.
        self.spawn("munged", "--foreground", "--force", "--key-file=" + key,
                   "--socket=" + os.path.join(munge, "munge.socket"),
                   "--pid-file=" + os.path.join(munge, "munged.pid"),
                   "--log-file=" + os.path.join(munge, "munged.log"),
                   "--seed-file=" + os.path.join(munge, "munged.seed"))
        self.wait_for(lambda: os.path.exists(os.path.join(munge, "munge.socket")), "munged's socket")
        self.spawn("slurmctld", "-D", "-f", self.conf)
        self.spawn("slurmd", "-D", "-f", self.conf, "-N", self.node)
        self.wait_for(self.node_idle, "node %s idle in sinfo" % self.node)

    def spawn(self, daemon, *args):
        with open(os.path.join(self.dir, daemon + ".out"), "w") as out:
            self.procs[daemon] = subprocess.Popen([daemon, *args], env=self.env, stdout=out,
                                                  stderr=subprocess.STDOUT)

    def node_idle(self):
        p = subprocess.run(["sinfo", "-h", "-N", "-n", self.node, "-o", "%T"], env=self.env,
                           capture_output=True, text=True)
        return p.stdout.strip() == "idle"

    def wait_for(self, ready, what, seconds=60):
        deadline = time.monotonic() + seconds
        while not ready():
            exited = [n for n, p in self.procs.items() if p.poll() is not None]
            if exited or time.monotonic() > deadline:
                why = "%s exited" % ", ".join(exited) if exited else "not within %d s" % seconds
                raise ClusterError("slurm cluster: waiting for %s: %s\n%s"
                                   % (what, why, self.log_tails()))
            time.sleep(0.5)

    def log_tails(self, lines=15):
        """The last lines of each daemon's output (in the foreground they log to it)."""
        tails = []
        for daemon in DAEMONS:
            out = os.path.join(self.dir, daemon + ".out")
            if os.path.exists(out):
                text = open(out, errors="replace").read().splitlines()[-lines:]
                tails.append("--- %s\n%s" % (out, "\n".join(text)))
        return "\n".join(tails)

    def stop(self):
        for daemon in reversed(DAEMONS):  # slurmd first, munged last
            p = self.procs.pop(daemon, None)
            if p is None or p.poll() is not None:
                continue
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
