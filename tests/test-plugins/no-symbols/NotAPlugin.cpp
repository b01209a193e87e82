// A loadable shared library that is not a SockStream plugin: it exports
// neither sockstream_plugin_abi nor sockstream_plugin_create.
extern "C" __attribute__((visibility("default"))) int sockstream_test_not_a_plugin() { return 42; }
