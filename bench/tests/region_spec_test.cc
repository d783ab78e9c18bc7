#include "memattr/region_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace memattr {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// Sizes in specs go through memattr::ParseSize, tested in quantity_test.cc.

TEST(RegionSpecTest, parses_anonymous_with_huge_pages) {
  auto spec = ParseRegionSpec("anon:size=64M,huge=1");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->kind, RegionKind::kAnonymous);
  EXPECT_EQ(spec->size, 64u << 20);
  EXPECT_EQ(spec->huge_pages, HugePages::kYes);
  EXPECT_EQ(spec->name, "anon-huge");
}

TEST(RegionSpecTest, parses_every_kind_of_the_documented_examples) {
  auto file = ParseRegionSpec("file:path=/tmp/f,size=16M,offset=4096");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->path, "/tmp/f");
  EXPECT_EQ(file->offset, 4096u);
  EXPECT_EQ(file->name, "f");
  auto dax = ParseRegionSpec("dax:path=/dev/dax0.0,size=2M");
  ASSERT_TRUE(dax);
  EXPECT_EQ(dax->name, "dax0.0");
  auto numa = ParseRegionSpec("numa:node=1,size=64M");
  ASSERT_TRUE(numa);
  EXPECT_EQ(numa->numa_node, 1);
  EXPECT_EQ(numa->name, "numa1");
  auto pci = ParseRegionSpec("pci:path=/sys/bus/pci/devices/0000:00:02.0/resource2,force=1");
  ASSERT_TRUE(pci);
  EXPECT_EQ(pci->force, ForceMapping::kYes);
  EXPECT_EQ(pci->name, "0000:00:02.0/resource2");
  auto vfio = ParseRegionSpec("vfio:bdf=0000:00:02.0,index=2");
  ASSERT_TRUE(vfio);
  EXPECT_EQ(vfio->pci_bdf, "0000:00:02.0");
  EXPECT_EQ(vfio->vfio_region_index, 2u);
  auto module = ParseRegionSpec("module:phys=0x8000000000,size=16M");
  ASSERT_TRUE(module);
  EXPECT_EQ(module->physical_address, 0x8000000000ull);
  EXPECT_EQ(module->path, "/dev/memattr");
  EXPECT_EQ(module->name, "module@0x8000000000");
}

TEST(RegionSpecTest, explicit_name_wins) {
  auto spec = ParseRegionSpec("anon:size=1M,name=scratch");
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->name, "scratch");
}

TEST(RegionSpecTest, unknown_key_is_named_with_the_known_ones) {
  auto spec = ParseRegionSpec("anon:size=1M,smize=2");
  ASSERT_FALSE(spec);
  EXPECT_THAT(spec.error().message,
              AllOf(HasSubstr("anon:size=1M,smize=2"), HasSubstr("unknown key 'smize'"),
                    HasSubstr("known: size, huge, name")));
}

TEST(RegionSpecTest, unknown_kind_lists_the_kinds) {
  auto spec = ParseRegionSpec("cxl:size=1M");
  ASSERT_FALSE(spec);
  EXPECT_THAT(spec.error().message,
              AllOf(HasSubstr("unknown kind 'cxl'"), HasSubstr("anon, file, dax, numa, pci")));
}

TEST(RegionSpecTest, bad_values_name_key_and_value) {
  EXPECT_THAT(ParseRegionSpec("anon:size=lots").error().message,
              AllOf(HasSubstr("'lots'"), HasSubstr("size")));
  EXPECT_THAT(ParseRegionSpec("anon:size=1M,huge=maybe").error().message,
              AllOf(HasSubstr("'maybe'"), HasSubstr("huge")));
  EXPECT_THAT(ParseRegionSpec("vfio:bdf=00:02.0").error().message,
              AllOf(HasSubstr("'00:02.0'"), HasSubstr("bdf")));
  EXPECT_THAT(ParseRegionSpec("numa:node=x,size=1M").error().message,
              AllOf(HasSubstr("'x'"), HasSubstr("node")));
}

TEST(RegionSpecTest, missing_required_key_and_malformed_pairs_are_errors) {
  EXPECT_THAT(ParseRegionSpec("file:size=1M").error().message, HasSubstr("missing key 'path'"));
  EXPECT_THAT(ParseRegionSpec("anon").error().message, HasSubstr("missing key 'size'"));
  EXPECT_THAT(ParseRegionSpec("anon:size").error().message, HasSubstr("expected key=value"));
  EXPECT_THAT(ParseRegionSpec("anon:size=1M,size=2M").error().message,
              HasSubstr("'size' given twice"));
}

TEST(RegionSpecTest, every_kind_name_is_recognised) {
  for (auto kind : {RegionKind::kAnonymous, RegionKind::kFile, RegionKind::kDax, RegionKind::kNuma,
                    RegionKind::kPciResource, RegionKind::kVfio, RegionKind::kModule}) {
    const std::string text = std::string(ToString(kind)) + ":name=x";
    auto spec = ParseRegionSpec(text);  // every kind has a required key besides name
    ASSERT_FALSE(spec) << text;
    EXPECT_THAT(spec.error().message, AllOf(HasSubstr("missing key"),
                                            HasSubstr("for kind " + std::string(ToString(kind)))));
  }
}

}  // namespace
}  // namespace memattr
