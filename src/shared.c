/* libjianbao.so is jbcore whole; CMake wants a source of its own for the shared target. */
