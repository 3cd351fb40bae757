#include <gtest/gtest.h>

#include "parkit/errors.hpp"
#include "parkit/report/table.hpp"

using parkit::report::Table;

TEST(Table, AlignsColumnsAndRightAlignsNumbers) {
  Table t({"name", "seconds"});
  t.add_row({"serial", "1.50"});
  t.add_row({"threads", "0.75"});
  EXPECT_EQ(t.str(),
            "name     seconds\n"
            "----------------\n"
            "serial      1.50\n"
            "threads     0.75\n");
}

TEST(Table, RejectsRowsOfTheWrongWidth) {
  Table t({"a", "b"});
  EXPECT_THROW(t.add_row({"only one"}), parkit::Error);
}

TEST(Csv, FieldsAreQuotedOnlyWhenTheyMustBe) {
  EXPECT_EQ(parkit::report::csv_field("pg99"), "pg99");
  EXPECT_EQ(parkit::report::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(parkit::report::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(parkit::report::csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(parkit::report::csv_field(""), "");
}
