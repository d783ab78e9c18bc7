#include "agent_options.h"

#include <CLI/CLI.hpp>

namespace memattr::agent {

ParsedOptions ParseAgentOptions(int argc, char** argv) {
  ParsedOptions parsed;
  AgentOptions& o = parsed.options;
  CLI::App app{
      "memattr-agent: discover memory regions, run the attribute matrix, infer effective memory "
      "types"};
  app.add_option("--manifest", o.manifest,
                 "manifest JSON (default: fw_cfg opt/memattr/manifest, else auto-discovery)");
  app.add_option(
      "--output", o.output,
      "event stream: PATH, or - for stdout (default: the manifest's virtio port, else stdout)");
  app.add_option("--sysfs-root", o.sysfs_root, "sysfs to discover from")->capture_default_str();
  app.add_option("--dev-root", o.dev_root, "device directory for /dev/daxX.Y and virtio ports")
      ->capture_default_str();
  app.add_option("--proc-root", o.proc_root, "procfs for cpuinfo")->capture_default_str();
  app.add_option("--module-device", o.module_device, "the memattr module's device")
      ->capture_default_str();
  app.add_option("--listen", o.listen,
                 "serve results as Prometheus metrics on ADDR (e.g. 127.0.0.1:9464)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    parsed.exit_code = app.exit(e) == 0 ? 0 : 2;
  }
  return parsed;
}

}  // namespace memattr::agent
