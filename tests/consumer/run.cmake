# Installs parkit into a scratch prefix, then builds and runs a downstream project that finds it
# with find_package(parkit) and links parkit::core.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "install failed: ${rc}")
endif()
file(WRITE ${WORK}/src/CMakeLists.txt [[
cmake_minimum_required(VERSION 3.25)
project(consumer CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(parkit 0.1 REQUIRED)
add_executable(consumer main.cpp)
target_link_libraries(consumer PRIVATE parkit::core)
]])
file(WRITE ${WORK}/src/main.cpp [[
#include <parkit/map.hpp>
#include <cstdio>
int main() {
  auto team = parkit::make_team(parkit::Backend::threads, 2);
  long s = parkit::map_reduce(team, 100, [](std::size_t i) { return long(i); }, 0L,
                              [](long a, long b) { return a + b; });
  std::printf("sum=%ld\n", s);
  return s == 4950 ? 0 : 1;
}
]])
execute_process(COMMAND ${CMAKE_COMMAND} -S ${WORK}/src -B ${WORK}/build -G ${GENERATOR}
                        -DCMAKE_PREFIX_PATH=${WORK}/prefix "-DCMAKE_CXX_FLAGS=${FLAGS}"
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the consumer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the consumer failed")
endif()
execute_process(COMMAND ${WORK}/build/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(rc OR NOT out STREQUAL "sum=4950\n")
  message(FATAL_ERROR "consumer ran wrong: rc=${rc} out=${out}")
endif()
message(STATUS "consumer: ${out}")
