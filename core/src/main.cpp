#include "app/SockStreamApp.h"

int main(int argc, char** argv) {
    sockstream::core::SockStreamApp app;
    return app.run(argc, argv);
}
