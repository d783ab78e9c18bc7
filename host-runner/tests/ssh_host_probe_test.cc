// The ssh command memattr-host uses to read a qemu+ssh:// host's kernel: libvirt's own URI
// parameters (user, host, port, keyfile, command), batch mode.
#include "libvirt/ssh_host_probe.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace memattr::host {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SshHostProbeTest, argv_takes_user_host_port_key_and_command_from_the_uri) {
  const auto argv = SshArgvForUri(
      "qemu+ssh://root@127.0.0.1:2222/system?socket=/s&keyfile=/k/id&command=/k/ssh&no_tty=1",
      "uname -r");
  ASSERT_TRUE(argv.ok()) << argv.error().message;
  EXPECT_THAT(*argv, ElementsAre("/k/ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=15", "-i",
                                 "/k/id", "-p", "2222", "-T", "--", "root@127.0.0.1", "uname -r"));
}

TEST(SshHostProbeTest, plain_uri_uses_the_system_ssh_and_a_non_ssh_uri_is_refused) {
  const auto argv = SshArgvForUri("qemu+ssh://host.example/system", "true");
  ASSERT_TRUE(argv.ok());
  EXPECT_THAT(*argv, ElementsAre("/usr/bin/ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=15",
                                 "-T", "--", "host.example", "true"));
  const auto local = SshArgvForUri("qemu:///system", "true");
  ASSERT_FALSE(local.ok());
  EXPECT_THAT(local.error().message, HasSubstr("not a +ssh:// URI"));
}

}  // namespace
}  // namespace memattr::host
