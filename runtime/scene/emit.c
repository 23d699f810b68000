/* Instance emission: model matrices from simple transforms, world bounding spheres, grouping by kind. */
#include <math.h>
#include <string.h>

#include "scene_internal.h"

void scene_xf_trs(float out[16], const float pos[3], int axis, float angle, const float scale[3])
{
    /* Columns of the rotation, each scaled: no matrix products needed for the common case. */
    float c = cosf(angle), s = sinf(angle);
    float r[9];
    if (axis == 0) {
        const float rx[9] = {1, 0, 0, 0, c, s, 0, -s, c};
        memcpy(r, rx, sizeof r);
    } else if (axis == 1) {
        const float ry[9] = {c, 0, -s, 0, 1, 0, s, 0, c};
        memcpy(r, ry, sizeof r);
    } else {
        const float rz[9] = {c, s, 0, -s, c, 0, 0, 0, 1};
        memcpy(r, rz, sizeof r);
    }
    for (int col = 0; col < 3; col++) {
        for (int row = 0; row < 3; row++)
            out[col * 4 + row] = r[col * 3 + row] * scale[col];
        out[col * 4 + 3] = 0.0f;
    }
    out[12] = pos[0];
    out[13] = pos[1];
    out[14] = pos[2];
    out[15] = 1.0f;
}

static float column_length(const float m[16], int col)
{
    const float *c = m + col * 4;
    return sqrtf(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
}

void scene_emit(struct scene_emitter *em, enum scene_kind kind, const float model[16], const float color[4])
{
    uint32_t index = em->cursor[kind]++;
    em->count[kind]++;
    if (em->counting)
        return;
    if (index >= em->limit[kind]) {
        em->overflow = true;
        return;
    }
    struct scene_instance *inst = &em->instances[index];
    memcpy(inst->model, model, sizeof inst->model);
    memcpy(inst->color, color, sizeof inst->color);
    float scale = fmaxf(column_length(model, 0), fmaxf(column_length(model, 1), column_length(model, 2)));
    /* Thickness: the smallest extent along the mesh's own axes. Flat meshes (a zero extent: floor, paint)
     * and glowing pieces are never detail: a long painted line or a beacon must not vanish with distance. */
    float thick = INFINITY;
    bool flat = false;
    for (int a = 0; a < 3; a++) {
        float e = em->extent[kind][a] * column_length(model, a);
        flat |= em->extent[kind][a] <= 0.0f;
        thick = fminf(thick, e);
    }
    em->thickness[index] = flat || em->keep || color[3] > 0.0f ? INFINITY : thick;
    em->owners[index] = em->owner;
    float *sphere = em->spheres[index];
    sphere[0] = model[12];
    sphere[1] = model[13];
    sphere[2] = model[14];
    sphere[3] = em->bound_radius[kind] * scale;
}

void scene_emit_trs(struct scene_emitter *em, enum scene_kind kind, const float pos[3], int axis, float angle,
                    const float scale[3], const float color[4])
{
    float m[16];
    if (em->counting) {
        em->cursor[kind]++;
        em->count[kind]++;
        return;
    }
    scene_xf_trs(m, pos, axis, angle, scale);
    scene_emit(em, kind, m, color);
}

void scene_emit_box(struct scene_emitter *em, float cx, float cy, float cz, float sx, float sy, float sz,
                    const float color[4])
{
    const float pos[3] = {cx, cy, cz};
    const float scale[3] = {sx, sy, sz};
    scene_emit_trs(em, SCENE_KIND_BOX, pos, 1, 0.0f, scale, color);
}

void scene_emit_beam(struct scene_emitter *em, const float a[3], const float b[3], float w, const float color[4])
{
    /* Box whose local X runs from a to b; Y and Z complete an orthonormal frame. */
    float d[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
    float len = sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    if (len <= 0.0f)
        return;
    float x[3] = {d[0] / len, d[1] / len, d[2] / len};
    float up[3] = {0.0f, 1.0f, 0.0f};
    if (fabsf(x[1]) > 0.9f) {
        up[0] = 1.0f;
        up[1] = 0.0f;
    }
    float z[3] = {x[1] * up[2] - x[2] * up[1], x[2] * up[0] - x[0] * up[2], x[0] * up[1] - x[1] * up[0]};
    float zl = sqrtf(z[0] * z[0] + z[1] * z[1] + z[2] * z[2]);
    for (int i = 0; i < 3; i++)
        z[i] /= zl;
    float y[3] = {z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0]};
    float m[16] = {x[0] * len, x[1] * len, x[2] * len, 0.0f, y[0] * w, y[1] * w, y[2] * w, 0.0f,
                   z[0] * w,   z[1] * w,   z[2] * w,   0.0f, (a[0] + b[0]) * 0.5f, (a[1] + b[1]) * 0.5f,
                   (a[2] + b[2]) * 0.5f, 1.0f};
    scene_emit(em, SCENE_KIND_BOX, m, color);
}
