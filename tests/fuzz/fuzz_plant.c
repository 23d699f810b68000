/* Fuzzes the plant file loader: any bytes are a plant the scene can build, or refused with a message. */
#include "factoryxr/scene.h"
#include "factoryxr/twin.h"

#include <stdlib.h>

static FILE *g_null;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_null && !(g_null = fopen("/dev/null", "w")))
        abort();
    struct scene_plant *plant = NULL;
    if (twin_plant_parse((const char *)data, size, "fuzz.json", g_null, &plant) == 0) {
        if (!plant)
            abort();
        /* An accepted plant must build a floor, and animate it. */
        struct scene *scene = NULL;
        struct scene_desc desc = {.plant = plant};
        if (scene_create(&desc, &scene) != 0)
            abort();
        scene_update(scene, 1000000000LL);
        scene_destroy(&scene);
    } else if (plant) {
        abort(); /* a refused plant leaves nothing behind */
    }
    scene_plant_destroy(&plant);
    return 0;
}
