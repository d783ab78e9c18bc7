#!/usr/bin/env python3
"""Fails, naming the culprit, when the build breaks memattr's dependency rules.

Rules (issue 14): protocol <- bench <- guest-agent; protocol <- host-runner. So
  - no component includes another component's src/ (by include path or by a header's path),
    no CMakeLists adds another component's folder as a raw include directory, and none compiles
    a source file of a component it may not build on (the fuzz project, host-runner/fuzz, builds
    its own objects from the tree: its CMakeLists is checked by the same rules);
  - the link graph (cmake --graphviz of a configure without tests) has no edge against the
    rule: the host reaches neither the agent nor the benchmark kernels, bench not the agent.

Usage: check_dependencies.py SOURCE_DIR WORK_DIR   (WORK_DIR: a scratch configure)
       check_dependencies.py --self-test           (the checks catch known violations)
"""
import os
import re
import subprocess
import sys
import unittest

# Component of each top-level folder; the protocol is bench/protocol.
COMPONENTS = {"bench/protocol": "protocol", "bench": "bench", "guest-agent": "guest-agent",
              "host-runner": "host-runner", "dashboards": "dashboards"}
# Which components each may build on (the transitive closure is checked).
ALLOWED = {"protocol": set(), "bench": {"protocol"}, "guest-agent": {"protocol", "bench"},
           "host-runner": {"protocol"}, "dashboards": {"protocol"}}
# Known exceptions, each with the reason it stays for now.
EXCEPTIONS = {
    ("host-runner/tests/manifest_writer_test.cc", "agent.h"):
        "every scenario the host accepts is a manifest the agent plans (issue 16): the same round "
        "trip, through the agent's plan",
    ("host-runner/src/image/CMakeLists.txt", "guest-agent/module/tests/memattr_module_check.c"):
        "the image tests put the guest's /dev/memattr checker into a test image: a guest program "
        "cross-compiled as the image's data, never linked into the host",
}
# The public headers of each component, the one include directory another project may add
# (the fuzz project builds without the main build's targets, so it names the directory).
PUBLIC_INCLUDE = {"protocol": "bench/protocol/include"}
# Components whose src/ holds private headers, reached by "<subdir>/<file>.h".
SRC_DIRS = {"guest-agent": "guest-agent/src", "host-runner": "host-runner/src"}


def component_of(path):
    for prefix in sorted(COMPONENTS, key=len, reverse=True):
        if path == prefix or path.startswith(prefix + "/"):
            return COMPONENTS[prefix]
    return None


def target_component(name):
    """Component of a CMake target by its name; None for external libraries and tests."""
    name = name.split("\\n")[0]  # graphviz labels an aliased target "name\n(alias)"
    if name.startswith("memattr_protocol") or name == "memattr-protocol-words":
        return "protocol"
    if name.startswith("memattr_host") or name == "memattr-host":
        return "host-runner"
    if name.startswith("memattr_agent") or name == "memattr-agent":
        return "guest-agent"
    if name in ("memattr_bench", "memattr-bench", "memattr-perf-compare",
                "memattr_plain_c_kernels"):
        return "bench"
    return None


def include_violations(files):
    """files: {repo-relative path: text}. Yields one message per include of another's src/
    (by a header's path under that src/) or of another component's file by a relative path."""
    private = {}  # "events/metrics_sink.h" -> "guest-agent"
    for path in files:
        for comp, src in SRC_DIRS.items():
            if path.startswith(src + "/") and path.endswith(".h"):
                private[path[len(src) + 1:]] = comp
    for path, text in sorted(files.items()):
        comp = component_of(path)
        if comp is None or not path.endswith((".cc", ".h", ".c")):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if not m:
                continue
            inc = m.group(1)
            if inc.startswith(".."):
                owner = component_of(os.path.normpath(os.path.join(os.path.dirname(path), inc)))
                if owner and owner != comp:
                    yield f"{path}:{number}: includes {inc}, a file of {owner}, by a relative path"
                continue
            owner = private.get(inc)
            own = any(p.endswith("/" + inc) and component_of(p) == comp for p in files)
            if owner and owner != comp and not own and (path, inc) not in EXCEPTIONS:
                yield f"{path}:{number}: includes {inc} from {owner}'s src/"


# A path into the tree in a CMakeLists: ${PROJECT_SOURCE_DIR}/..., ${CMAKE_SOURCE_DIR}/... or, in
# the fuzz project (a project of its own), ${ROOT}/...
TREE_PATH = re.compile(r"\$\{(?:PROJECT_SOURCE_DIR|CMAKE_SOURCE_DIR|ROOT)\}/([\w./-]+)")


def cmake_include_violations(files):
    """Raw include directories into another component's folder, in any CMakeLists.txt."""
    pattern = TREE_PATH
    for path, text in sorted(files.items()):
        if not path.endswith("CMakeLists.txt"):
            continue
        comp = component_of(path)
        for call in re.finditer(r"(?:target_)?include_directories\s*\(([^)]*)\)", text):
            for m in pattern.finditer(call.group(1)):
                folder = m.group(1).rstrip("/")
                owner = component_of(folder)
                public = owner in ALLOWED.get(comp, ()) and PUBLIC_INCLUDE.get(owner) == folder
                if owner and owner != comp and not public:
                    number = text[:call.start()].count("\n") + 1
                    yield f"{path}:{number}: raw include directory {m.group(1)} of {owner}"


def cmake_source_violations(files):
    """Source files (.c, .cc, .S) of a component that the CMakeLists' own component may not
    build on, compiled by path into its targets."""
    for path, text in sorted(files.items()):
        comp = component_of(path)
        if not path.endswith("CMakeLists.txt") or comp is None:
            continue
        for m in TREE_PATH.finditer(text):
            source = m.group(1)
            owner = component_of(source)
            if source.endswith((".c", ".cc", ".S")) and owner and owner != comp \
                    and owner not in ALLOWED[comp] and (path, source) not in EXCEPTIONS:
                number = text[:m.start()].count("\n") + 1
                yield f"{path}:{number}: compiles {source} of {owner}"


def parse_graphviz(dot):
    """(names by node id, edges as (from id, to id)) of cmake --graphviz output."""
    names = dict(re.findall(r'"(node\d+)"\s*\[\s*label\s*=\s*"([^"]+)"', dot))
    edges = re.findall(r'"(node\d+)"\s*->\s*"(node\d+)"', dot)
    return names, edges


def link_violations(dot):
    names, edges = parse_graphviz(dot)
    out = {}
    for a, b in edges:
        out.setdefault(names.get(a, a), set()).add(names.get(b, b))
    for target in sorted(out):
        comp = target_component(target)
        if comp is None:
            continue
        seen, stack = set(), [target]
        while stack:  # everything the target reaches, with the path's first hop
            for dep in out.get(stack.pop(), ()):
                if dep not in seen:
                    seen.add(dep)
                    stack.append(dep)
        for dep in sorted(seen):
            dep_comp = target_component(dep)
            if dep_comp and dep_comp != comp and dep_comp not in ALLOWED[comp]:
                yield f"target {target} ({comp}) links {dep} ({dep_comp})"


def tracked_files(source_dir):
    listed = subprocess.run(["git", "-C", source_dir, "ls-files"], check=True,
                            capture_output=True, text=True).stdout.split()
    files = {}
    for path in listed:
        if path.endswith((".cc", ".h", ".c", "CMakeLists.txt")):
            with open(os.path.join(source_dir, path), encoding="utf-8", errors="replace") as f:
                files[path] = f.read()
    return files


def graphviz_of(source_dir, work_dir):
    os.makedirs(work_dir, exist_ok=True)
    dot = os.path.join(work_dir, "memattr.dot")
    subprocess.run(["cmake", "-S", source_dir, "-B", os.path.join(work_dir, "build"), "-G", "Ninja",
                    "-DMEMATTR_BUILD_TESTS=OFF", f"--graphviz={dot}"],
                   check=True, capture_output=True, text=True)
    with open(dot) as f:
        return f.read()


class SelfTest(unittest.TestCase):
    def test_include_of_another_src_is_caught(self):
        files = {"host-runner/src/export/metric_names.h": "",
                 "guest-agent/src/events/metrics_sink.cc": '#include "export/metric_names.h"\n'}
        self.assertEqual(list(include_violations(files)),
                         ["guest-agent/src/events/metrics_sink.cc:1: includes export/metric_names.h"
                          " from host-runner's src/"])

    def test_relative_include_against_the_rule_is_caught(self):
        files = {"bench/regions/module_region.cc": '#include "../../guest-agent/module/abi.h"\n'}
        self.assertEqual(len(list(include_violations(files))), 1)

    def test_allowed_includes_pass(self):
        files = {"guest-agent/src/agent.cc": '#include "memattr/protocol/vocabulary.h"\n',
                 "host-runner/src/run/x.cc": '#include "run/y.h"\n',
                 "host-runner/src/run/y.h": ""}
        self.assertEqual(list(include_violations(files)), [])

    def test_raw_include_directory_is_caught(self):
        files = {"guest-agent/CMakeLists.txt":
                 "target_include_directories(a PRIVATE ${PROJECT_SOURCE_DIR}/host-runner/src)\n",
                 "host-runner/CMakeLists.txt":
                 "target_include_directories(h PUBLIC src ${CMAKE_SOURCE_DIR}/bench/include)\n"}
        self.assertEqual(len(list(cmake_include_violations(files))), 2)

    def test_fuzz_project_include_directory_and_sources_are_caught(self):
        files = {"host-runner/fuzz/CMakeLists.txt":
                 "include_directories(${ROOT}/bench/protocol/include ${ROOT}/guest-agent/src)\n"
                 "add_library(f STATIC\n  ${ROOT}/bench/protocol/quantity.cc\n"
                 "  ${ROOT}/bench/common/outcome.cc)\n"}
        self.assertEqual(list(cmake_include_violations(files)),
                         ["host-runner/fuzz/CMakeLists.txt:1: raw include directory "
                          "guest-agent/src of guest-agent"])
        self.assertEqual(list(cmake_source_violations(files)),
                         ["host-runner/fuzz/CMakeLists.txt:4: compiles bench/common/outcome.cc "
                          "of bench"])

    def test_host_reaching_the_agent_transitively_is_caught(self):
        dot = ('"node0" [ label = "memattr_host_lib" ];\n"node1" [ label = "memattr_agent" ];\n'
               '"node2" [ label = "memattr_bench" ];\n"node3" [ label = "memattr_protocol" ];\n'
               '"node0" -> "node1"\n"node1" -> "node2"\n"node2" -> "node3"\n')
        self.assertEqual(list(link_violations(dot)),
                         ["target memattr_host_lib (host-runner) links memattr_agent (guest-agent)",
                          "target memattr_host_lib (host-runner) links memattr_bench (bench)"])

    def test_the_allowed_stack_passes(self):
        dot = ('"node0" [ label = "memattr-host" ];\n"node1" [ label = "memattr_protocol" ];\n'
               '"node2" [ label = "memattr_agent" ];\n"node3" [ label = "memattr_bench" ];\n'
               '"node0" -> "node1"\n"node2" -> "node3"\n"node3" -> "node1"\n')
        self.assertEqual(list(link_violations(dot)), [])

    def test_aliased_labels_are_read(self):
        dot = ('"node0" [ label = "memattr_host_compare\\n(memattr::host_compare)" ];\n'
               '"node1" [ label = "memattr_bench\\n(memattr::bench)" ];\n"node0" -> "node1"\n')
        self.assertEqual(len(list(link_violations(dot))), 1)


def main(argv):
    if argv[1:] == ["--self-test"]:
        result = unittest.main(argv=[argv[0]], exit=False).result
        return 0 if result.wasSuccessful() else 1
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source_dir, work_dir = argv[1], argv[2]
    files = tracked_files(source_dir)
    problems = list(include_violations(files)) + list(cmake_include_violations(files))
    problems += list(cmake_source_violations(files))
    problems += list(link_violations(graphviz_of(source_dir, work_dir)))
    for p in problems:
        print(f"dependency rule broken: {p}")
    if not problems:
        print("protocol <- bench <- guest-agent; protocol <- host-runner: no include or link "
              "against the rule")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
