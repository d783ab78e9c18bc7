#!/usr/bin/env python3
"""Issue 18: the Ansible example (host-runner/examples/ansible/memattr-run.yml), unchanged, through
Debian's ansible-playbook against this machine (connection local): an inventory of one host with
its rack and the paths of this build is all that differs from a site's. The playbook must succeed
(its failed_when takes memattr-host's 0 and 1) and the run leave its results directory and
node_exporter textfile (example_result.py).
Usage: ansible_example_test.py MEMATTR_HOST IMAGE_DIR WORK_DIR   (exit 77: no ansible-playbook or no agent in the image)
"""
import os
import shutil
import subprocess
import sys

from example_result import (expect_example_result, fail, fresh_example_dirs,
                            skip_without_agent)

HOST, IMAGE, WORK = sys.argv[1:4]
HERE = os.path.dirname(os.path.abspath(__file__))
PLAYBOOK = os.path.join(HERE, "../../examples/ansible/memattr-run.yml")
HOST_NAME, RACK = "lab-ansible", "loopback"

if not shutil.which("ansible-playbook"):
    print("SKIP: no ansible-playbook (Debian: ansible-core, host-runner/tools/setup.sh)")
    sys.exit(77)
skip_without_agent(IMAGE)
results_root, textfile_dir = fresh_example_dirs(WORK)
inventory = os.path.join(WORK, "inventory.ini")
with open(inventory, "w") as f:
    f.write("[memattr_lab]\n%s ansible_connection=local ansible_python_interpreter=%s rack=%s\n"
            % (HOST_NAME, sys.executable, RACK))
    f.write("[memattr_lab:vars]\nmemattr_host=%s\nmemattr_scenario=%s\nmemattr_image=%s\n"
            "memattr_results_root=%s\nmemattr_textfile_dir=%s\n"
            % (HOST, os.path.join(HERE, "one_boot.yaml"), IMAGE, results_root, textfile_dir))
# Ansible's own files (temporary modules, facts cache) stay in WORK; it insists on a UTF-8 locale.
env = dict(os.environ, LC_ALL="C.UTF-8", ANSIBLE_LOCAL_TEMP=os.path.join(WORK, "ansible-tmp"),
           ANSIBLE_REMOTE_TEMP=os.path.join(WORK, "ansible-tmp"), ANSIBLE_NOCOLOR="1")
p = subprocess.run(["ansible-playbook", "-v", "-i", inventory, PLAYBOOK], env=env, timeout=240,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
print(p.stdout)
if p.returncode != 0:
    fail("ansible-playbook exited %d" % p.returncode)
expect_example_result("Ansible", results_root, textfile_dir, HOST_NAME, RACK)
