/* xl, Keel's toolstack command: see `xl help` and docs/xl.md. */
#include "xl.h"

int main(int argc, char **argv)
{
    struct xl_env env;
    int rc;

    xl_env_default(&env);
    rc = xl_main(&env, argc, argv);
    lc_ctx_close(env.ctx);
    return rc;
}
