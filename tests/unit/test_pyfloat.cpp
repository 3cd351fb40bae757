#include <gtest/gtest.h>

#include "parkit/text/pyfloat.hpp"

using parkit::text::python_repr;

TEST(PyFloat, MatchesPythonRepr) {
  // Each expectation is Python 3's repr() of the same double.
  EXPECT_EQ(python_repr(6.233038606320581), "6.233038606320581");
  EXPECT_EQ(python_repr(100.0), "100.0");
  EXPECT_EQ(python_repr(5.0), "5.0");
  EXPECT_EQ(python_repr(0.1), "0.1");
  EXPECT_EQ(python_repr(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(python_repr(0.0001), "0.0001");
  EXPECT_EQ(python_repr(5.4e-05), "5.4e-05");
  EXPECT_EQ(python_repr(1e-05), "1e-05");
  EXPECT_EQ(python_repr(2.8206856009928e-04), "0.00028206856009928");
  EXPECT_EQ(python_repr(1.2345e-10), "1.2345e-10");
  EXPECT_EQ(python_repr(1e16), "1e+16");
  EXPECT_EQ(python_repr(123456789012345.6), "123456789012345.6");
  EXPECT_EQ(python_repr(-2.5), "-2.5");
  EXPECT_EQ(python_repr(0.0), "0.0");
}
