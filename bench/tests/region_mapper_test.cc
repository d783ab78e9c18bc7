// MapRegion on anonymous, file, dax, numa and module regions, and the attribute routing.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>
#include <string>
#include <utility>

#include "memattr/mapped_region.h"
#include "region_test_util.h"

namespace memattr {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using enum MemoryAttribute;

RegionSpec Spec(const std::string& text) {
  auto spec = ParseRegionSpec(text);
  EXPECT_TRUE(spec) << spec.error().message;
  return spec ? *spec : RegionSpec{};
}

TEST(RegionMapperTest, anonymous_region_maps_and_records_request_and_how) {
  auto region = MapRegion(Spec("anon:size=100000"), kNormalWb);
  ASSERT_TRUE(region) << region.error().message;
  EXPECT_EQ(region->bytes().size(), 100000u);
  EXPECT_EQ(region->requested(), kNormalWb);
  EXPECT_THAT(region->how(), AllOf(HasSubstr("MAP_ANONYMOUS"), HasSubstr("THP mode")));
  std::memset(region->bytes().data(), 0x5a, region->bytes().size());  // writable
  EXPECT_EQ(region->bytes()[99999], std::byte{0x5a});
}

TEST(RegionMapperTest, anonymous_huge_region_says_which_huge_page_mechanism) {
  auto region = MapRegion(Spec("anon:size=4M,huge=1"), kNormalWb);
  ASSERT_TRUE(region) << region.error().message;
  EXPECT_EQ(region->bytes().size(), 4u << 20);
  // Either hugetlb pages were reserved, or THP was requested and the hugetlb failure recorded.
  EXPECT_THAT(region->how(),
              ::testing::AnyOf(HasSubstr("MAP_HUGETLB) "), HasSubstr("MADV_HUGEPAGE")));
}

TEST(RegionMapperTest, anonymous_size_zero_is_refused) {
  RegionSpec spec{.kind = RegionKind::kAnonymous, .name = "empty"};
  auto region = MapRegion(spec, kNormalWb);
  ASSERT_FALSE(region);
  EXPECT_THAT(region.error().message, AllOf(HasSubstr("empty"), HasSubstr("errno 22")));
}

TEST(RegionMapperTest, moved_region_keeps_the_mapping) {
  auto region = MapRegion(Spec("anon:size=4096"), kNormalWb);
  ASSERT_TRUE(region);
  std::byte* data = region->bytes().data();
  MappedRegion moved = *std::move(region);
  EXPECT_EQ(moved.bytes().data(), data);
  EXPECT_TRUE(region->bytes().empty());
}

TEST(RegionMapperTest, file_region_maps_the_named_range_with_offset) {
  testing::ScratchDir dir;
  const auto path = dir.MakeFile("data", 3 * 4096);
  {
    const int fd = ::open(path.c_str(), O_RDWR);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::pwrite(fd, "memattr", 7, 4096 + 100), 7);
    ::close(fd);
  }
  auto region = MapRegion(Spec("file:path=" + path.string() + ",offset=4196,size=4096,overwrite=1"),
                          kNormalWb);
  ASSERT_TRUE(region) << region.error().message;
  EXPECT_EQ(region->bytes().size(), 4096u);
  EXPECT_EQ(std::memcmp(region->bytes().data(), "memattr", 7), 0);  // offset applied exactly
  EXPECT_THAT(region->how(),
              AllOf(HasSubstr("MAP_SHARED"), HasSubstr(path.string()), HasSubstr("@0x1064")));
}

TEST(RegionMapperTest, file_region_size_zero_maps_to_the_end) {
  testing::ScratchDir dir;
  const auto path = dir.MakeFile("data", 8192);
  auto region =
      MapRegion(Spec("file:path=" + path.string() + ",offset=4096,overwrite=1"), kNormalWb);
  ASSERT_TRUE(region) << region.error().message;
  EXPECT_EQ(region->bytes().size(), 4096u);
}

TEST(RegionMapperTest, missing_file_error_names_path_and_errno) {
  auto region = MapRegion(Spec("file:path=/nonexistent/memattr-data"), kNormalWb);
  ASSERT_FALSE(region);
  EXPECT_THAT(region.error().message,
              AllOf(HasSubstr("/nonexistent/memattr-data"), HasSubstr("stat"),
                    HasSubstr("No such file or directory"), HasSubstr("errno 2")));
}

TEST(RegionMapperTest, offset_beyond_end_of_file_names_path_and_errno) {
  testing::ScratchDir dir;
  const auto path = dir.MakeFile("small", 4096);
  auto beyond =
      MapRegion(Spec("file:path=" + path.string() + ",offset=8192,overwrite=1"), kNormalWb);
  ASSERT_FALSE(beyond);
  EXPECT_THAT(beyond.error().message,
              AllOf(HasSubstr(path.string()), HasSubstr("beyond the end"), HasSubstr("errno 22")));
  auto past = MapRegion(Spec("file:path=" + path.string() + ",size=8192,overwrite=1"), kNormalWb);
  ASSERT_FALSE(past);
  EXPECT_THAT(past.error().message, AllOf(HasSubstr(path.string()), HasSubstr("runs past")));
}

TEST(RegionMapperTest, directory_fifo_and_dev_zero_are_refused_with_what_they_are) {
  testing::ScratchDir dir;
  const std::string fifo = (dir.path() / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::pair<std::string, const char*> cases[] = {
      {dir.path().string(), "is a directory"},
      {fifo, "is a FIFO"},  // opened O_RDONLY this would block: it must not be opened at all
      {"/dev/zero", "is a character device"}};
  for (const auto& [path, what] : cases) {
    auto region = MapRegion(Spec("file:path=" + path + ",overwrite=1"), kNormalWb);
    ASSERT_FALSE(region) << path;
    EXPECT_THAT(region.error().message,
                AllOf(HasSubstr(path), HasSubstr(what), HasSubstr("nothing memattr can measure")));
  }
}

TEST(RegionMapperTest, existing_file_is_not_mapped_unless_it_may_be_overwritten) {
  testing::ScratchDir dir;
  const auto path = dir.MakeFile("precious", 4096);
  auto refused = MapRegion(Spec("file:path=" + path.string()), kNormalWb);
  ASSERT_FALSE(refused);
  EXPECT_THAT(
      refused.error().message,
      AllOf(HasSubstr(path.string()), HasSubstr("would be overwritten"), HasSubstr("overwrite=1")));
  auto allowed = MapRegion(Spec("file:path=" + path.string() + ",overwrite=1"), kNormalWb);
  EXPECT_TRUE(allowed) << allowed.error().message;
}

TEST(RegionMapperTest, dax_path_that_is_a_regular_file_is_not_a_dax_device) {
  testing::ScratchDir dir;
  const auto path = dir.MakeFile("dax0.0", 4u << 20);
  auto region = MapRegion(Spec("dax:path=" + path.string() + ",size=2M"), kNormalWb);
  ASSERT_FALSE(region);
  EXPECT_THAT(region.error().message,
              AllOf(HasSubstr(path.string()), HasSubstr("not a dax device")));
}

TEST(RegionMapperTest, dax_character_device_of_another_subsystem_is_not_a_dax_device) {
  auto region = MapRegion(Spec("dax:path=/dev/null,size=2M"), kNormalWb);  // never mmapped
  ASSERT_FALSE(region);
  EXPECT_THAT(region.error().message, AllOf(HasSubstr("/dev/null"), HasSubstr("not a dax device")));
}

TEST(RegionMapperTest, dax_offset_and_size_must_be_2mib_aligned) {
  auto region = MapRegion(Spec("dax:path=/dev/dax0.0,size=1M"), kNormalWb);
  ASSERT_FALSE(region);
  EXPECT_THAT(
      region.error().message,
      AllOf(HasSubstr("/dev/dax0.0"), HasSubstr("multiples of 2 MiB"), HasSubstr("errno 22")));
}

TEST(RegionMapperTest, numa_region_on_an_unknown_node_names_the_node) {
  auto region = MapRegion(Spec("numa:node=1000,size=1M"), kNormalWb);
  ASSERT_FALSE(region);
  EXPECT_THAT(region.error().message, AllOf(HasSubstr("node 1000"), HasSubstr("no such node")));
}

TEST(RegionMapperTest, numa_region_on_node_0_is_bound_and_verified) {
  auto region = MapRegion(Spec("numa:node=0,size=1M"), kNormalWb);
  if (!region && region.error().message.find("Function not implemented") != std::string::npos)
    GTEST_SKIP() << "mbind not available here (qemu-user): " << region.error().message;
  ASSERT_TRUE(region) << region.error().message;
  EXPECT_EQ(region->bytes().size(), 1u << 20);
  EXPECT_THAT(region->how(),
              AllOf(HasSubstr("BIND, STRICT"), HasSubstr("node 0"), HasSubstr("verified")));
  EXPECT_EQ(region->bytes()[12345], std::byte{0});  // initialised by the mapper
}

TEST(RegionMapperTest, unsupported_attribute_is_refused_with_the_reason) {
  auto region = MapRegion(Spec("anon:size=1M"), kDeviceNGnRE);
  ASSERT_FALSE(region);
  EXPECT_THAT(region.error().message,
              AllOf(HasSubstr("region 'anon'"), HasSubstr("cannot give device-ngnre"),
                    HasSubstr("it gives: normal-wb"), HasSubstr("pci (sysfs resourceN")));
  auto file = MapRegion(Spec("file:path=/tmp/x"), kNormalNc);
  ASSERT_FALSE(file);
  EXPECT_THAT(file.error().message, HasSubstr("kind file cannot give normal-nc"));
  auto vfio = MapRegion(Spec("vfio:bdf=0000:00:02.0"), kNormalWb);
  ASSERT_FALSE(vfio);
  EXPECT_THAT(vfio.error().message, HasSubstr("it gives: device-ngnrne"));
}

TEST(RegionMapperTest, routing_table_matches_the_platform_notes) {
  EXPECT_TRUE(InterfaceFor(RegionKind::kPciResource, kDeviceNGnRE));
  EXPECT_THAT(*InterfaceFor(RegionKind::kPciResource, kNormalNc), HasSubstr("resourceN_wc"));
  EXPECT_FALSE(InterfaceFor(RegionKind::kPciResource, kDeviceNGnRnE));
  EXPECT_TRUE(InterfaceFor(RegionKind::kVfio, kDeviceNGnRnE));
  EXPECT_FALSE(InterfaceFor(RegionKind::kDax, kNormalNc));
  for (MemoryAttribute attribute : AllMemoryAttributes())
    EXPECT_TRUE(InterfaceFor(RegionKind::kModule, attribute)) << ToString(attribute);
}

TEST(RegionMapperTest, module_region_without_the_module_names_the_device) {
  auto region =
      MapRegion(Spec("module:phys=0x8000000000,size=16M,path=/nonexistent/memattr"), kDeviceNGnRnE);
  ASSERT_FALSE(region);
  EXPECT_THAT(region.error().message, AllOf(StartsWith("/nonexistent/memattr: open"),
                                            HasSubstr("module loaded"), HasSubstr("errno 2")));
}

TEST(RegionMapperTest, module_region_refuses_a_regular_file) {
  testing::ScratchDir dir;
  const auto path = dir.MakeFile("memattr", 4096);
  auto region = MapRegion(Spec("module:phys=0x1000,size=4096,path=" + path.string()), kNormalNc);
  ASSERT_FALSE(region);
  EXPECT_THAT(region.error().message,
              AllOf(HasSubstr(path.string()), HasSubstr("not a character device")));
}

}  // namespace
}  // namespace memattr
