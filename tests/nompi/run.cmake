# Builds parkit with -DPARKIT_WITH_MPI=OFF (what a user without an MPI library gets) and checks
# that --backend mpi is then a clear usage error while everything else still works.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK} -G ${GENERATOR}
                        -DPARKIT_WITH_MPI=OFF -DPARKIT_BUILD_TESTS=OFF -DPARKIT_BUILD_BENCH=OFF
                        -DCMAKE_BUILD_TYPE=Debug
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc OR NOT out MATCHES "mpi transport OFF")
  message(FATAL_ERROR "configure without MPI failed: ${rc}\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK} --target parkit RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "build without MPI failed: ${rc}")
endif()
execute_process(COMMAND ${WORK}/apps/parkit/parkit integrate --backend mpi --n 10
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "^parkit: error: backend mpi: this parkit was built without MPI \\(PARKIT_WITH_MPI=OFF\\)")
  message(FATAL_ERROR "expected exit 2 and a one-line error, got ${rc}: ${err}")
endif()
execute_process(COMMAND ${WORK}/apps/parkit/parkit mpi gather --backend threads --workers 3
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc OR NOT out MATCHES "rank  0 data =  \\[1, 4, 9\\]")
  message(FATAL_ERROR "parkit mpi gather on threads failed: ${rc}: ${out}${err}")
endif()
message(STATUS "without MPI: --backend mpi refused, the examples run on threads")
