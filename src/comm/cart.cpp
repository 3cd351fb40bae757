#include "parkit/cart.hpp"

#include <fmt/format.h>

#include "parkit/comm.hpp"
#include "parkit/errors.hpp"

namespace parkit {

void cart_dims(int size, int& px, int& py) noexcept {
  py = 1;
  for (int d = 1; d * d <= size; ++d)
    if (size % d == 0) py = d;
  px = size / py;
}

Cart2D cart_2d(int rank, int size, int px) {
  Cart2D c;
  if (px == 0) {
    cart_dims(size, c.px, c.py);
  } else {
    if (px < 1 || size % px != 0)
      throw UsageError(fmt::format("{} ranks cannot be laid out {} across", size, px));
    c.px = px;
    c.py = size / px;
  }
  c.cx = rank % c.px;
  c.cy = rank / c.px;
  c.west = c.cx > 0 ? rank - 1 : proc_null;
  c.east = c.cx + 1 < c.px ? rank + 1 : proc_null;
  c.south = c.cy > 0 ? rank - c.px : proc_null;
  c.north = c.cy + 1 < c.py ? rank + c.px : proc_null;
  return c;
}

}  // namespace parkit
