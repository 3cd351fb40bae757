// A 2D Cartesian layout of a team's ranks (MPI_Dims_create + MPI_Cart_create + MPI_Cart_shift):
// px columns by py rows of ranks, rank r at column r % px, row r / px, and its four neighbours,
// proc_null (comm.hpp) at the edges of the domain.
#pragma once

namespace parkit {

struct Cart2D {
  int px = 1, py = 1;            // ranks across, ranks down
  int cx = 0, cy = 0;            // this rank's column and row
  int west, east, south, north;  // neighbours' ranks, or proc_null
};

// The most nearly square px x py = size (px >= py), like MPI_Dims_create.
void cart_dims(int size, int& px, int& py) noexcept;
// The layout of `size` ranks as px x py (cart_dims when px is 0), seen from `rank`.
Cart2D cart_2d(int rank, int size, int px = 0);

}  // namespace parkit
