// The export options of `memattr-host run` (no Prometheus code: shared by the build with export
// and the one without, see export_disabled.cc).
#include "export_cli.h"

namespace memattr::host_export {

void AddExportOptions(CLI::App& app, ExportOptions& options) {
  app.add_option("--pushgateway", options.pushgateway_url,
                 "push the finished run to this Pushgateway (http://HOST:PORT)");
  app.add_option("--push-job", options.push_job, "Pushgateway grouping key: job")
      ->capture_default_str();
  app.add_option("--push-instance", options.push_instance,
                 "Pushgateway grouping key: instance (default <host>_<host_kernel>)");
  app.add_option("--push-timeout", options.push_timeout_seconds,
                 "seconds a push attempt may take, connection included (a push that could not "
                 "connect or timed out is tried 3 times in all, 1 s then 2 s apart)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--listen", options.listen_address,
                 "after the run, serve its metrics on ADDR:PORT (PORT alone = 127.0.0.1:PORT) "
                 "until SIGINT/SIGTERM");
  app.add_option("--openmetrics", options.openmetrics_file,
                 "write the run as an OpenMetrics file for promtool tsdb create-blocks-from");
  app.add_option("--textfile-dir", options.textfile_dir,
                 "write the run's metrics to DIR/memattr.prom for node_exporter's textfile "
                 "collector (--collector.textfile.directory): atomically, no timestamps");
}

}  // namespace memattr::host_export
