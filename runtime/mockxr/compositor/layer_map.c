/* Where each output pixel's ray meets a layer: projection (rotation-only reprojection), quad, cylinder,
 * equirect, equirect2 and cube, as texture coordinates into the layer's image. */
#include "comp_private.h"

#include <math.h>
#include <string.h>

typedef float mat3[3][3];

/* Rotation matrix of a (normalised) quaternion: column j is the rotated unit axis j. */
static void quat_to_mat(XrQuaternionf q, mat3 m)
{
    float n = sqrtf(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w);
    float x = q.x / n, y = q.y / n, z = q.z / n, w = q.w / n;
    m[0][0] = 1 - 2 * (y * y + z * z), m[0][1] = 2 * (x * y - w * z), m[0][2] = 2 * (x * z + w * y);
    m[1][0] = 2 * (x * y + w * z), m[1][1] = 1 - 2 * (x * x + z * z), m[1][2] = 2 * (y * z - w * x);
    m[2][0] = 2 * (x * z - w * y), m[2][1] = 2 * (y * z + w * x), m[2][2] = 1 - 2 * (x * x + y * y);
}

/* out = a^T * b */
static void mat_tmul(mat3 a, mat3 b, mat3 out)
{
    for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++)
            out[r][c] = a[0][r] * b[0][c] + a[1][r] * b[1][c] + a[2][r] * b[2][c];
    }
}

static void mat_vec(mat3 m, const float v[3], float out[3])
{
    for (int r = 0; r < 3; r++)
        out[r] = m[r][0] * v[0] + m[r][1] * v[1] + m[r][2] * v[2];
}

/* out = m^T * v */
static void mat_tvec(mat3 m, const float v[3], float out[3])
{
    for (int r = 0; r < 3; r++)
        out[r] = m[0][r] * v[0] + m[1][r] * v[1] + m[2][r] * v[2];
}

void comp_eye_setup(const XrPosef *pose, const XrFovf *fov, uint32_t width, uint32_t height, struct comp_eye *out)
{
    out->pose = *pose;
    out->fov = *fov;
    out->width = (int)width;
    out->height = (int)height;
    out->tan_left = tanf(fov->angleLeft);
    out->tan_up = tanf(fov->angleUp);
    out->step_x = (tanf(fov->angleRight) - out->tan_left) / (float)width;
    out->step_y = (out->tan_up - tanf(fov->angleDown)) / (float)height;
}

/* Pixel bounds of the eye-space points pts: their bounding box when all are in front of the eye, else
 * the whole output. */
static void bound_points(const struct comp_eye *e, float pts[][3], int count, struct comp_map *m)
{
    float lo_x = INFINITY, hi_x = -INFINITY, lo_y = INFINITY, hi_y = -INFINITY;
    m->x0 = 0, m->x1 = e->width, m->y0 = 0, m->y1 = e->height;
    for (int k = 0; k < count; k++) {
        if (!(pts[k][2] < -1e-6f))
            return;
        float px = (pts[k][0] / -pts[k][2] - e->tan_left) / e->step_x;
        float py = (e->tan_up - pts[k][1] / -pts[k][2]) / e->step_y;
        lo_x = fminf(lo_x, px), hi_x = fmaxf(hi_x, px), lo_y = fminf(lo_y, py), hi_y = fmaxf(hi_y, py);
    }
    /* One pixel of margin for rounding; clamped into the output. */
    float x0 = fmaxf(floorf(lo_x) - 1.0f, 0.0f), x1 = fminf(ceilf(hi_x) + 1.0f, (float)e->width);
    float y0 = fmaxf(floorf(lo_y) - 1.0f, 0.0f), y1 = fminf(ceilf(hi_y) + 1.0f, (float)e->height);
    m->x0 = (int)x0, m->x1 = x1 > x0 ? (int)x1 : (int)x0;
    m->y0 = (int)y0, m->y1 = y1 > y0 ? (int)y1 : (int)y0;
}

static void map_none(struct comp_map *m)
{
    m->x1 = m->x0, m->y1 = m->y0;
}

/* Rotation-only reprojection: the submitted view is looked up by direction, its position ignored. Its
 * frustum's corner directions bound the pixels it can cover. */
static void setup_projection(const struct mx_comp_layer *l, uint32_t eye, const struct comp_eye *e, mat3 eye_rot,
                             mat3 view_rot, struct comp_map *m)
{
    const XrFovf *fov = &l->view_fov[eye];
    float tl = tanf(fov->angleLeft), tr = tanf(fov->angleRight), tu = tanf(fov->angleUp), td = tanf(fov->angleDown);
    m->p[0] = tl, m->p[1] = 1.0f / (tr - tl), m->p[2] = tu, m->p[3] = 1.0f / (tu - td);
    float corners[4][3] = {{tl, tu, -1}, {tr, tu, -1}, {tl, td, -1}, {tr, td, -1}};
    for (int k = 0; k < 4; k++) {
        float world[3];
        mat_vec(view_rot, corners[k], world);
        mat_tvec(eye_rot, world, corners[k]);
    }
    bound_points(e, corners, 4, m);
}

/* Only the front face (+Z) of a quad is visible: an eye behind its plane, or an empty quad, sees nothing.
 * Its corners bound the pixels it can cover. */
static void setup_quad(const struct mx_comp_layer *l, const struct comp_eye *e, mat3 eye_rot, mat3 layer_rot,
                       struct comp_map *m)
{
    float w = l->shape.quad_size.width, h = l->shape.quad_size.height;
    m->p[0] = 1.0f / w, m->p[1] = 1.0f / h;
    if (!(m->origin[2] > 0.0f) || !(w > 0.0f) || !(h > 0.0f)) {
        map_none(m);
        return;
    }
    float corners[4][3] = {{-w / 2, h / 2, 0}, {w / 2, h / 2, 0}, {-w / 2, -h / 2, 0}, {w / 2, -h / 2, 0}};
    for (int k = 0; k < 4; k++) {
        float world[3];
        mat_vec(layer_rot, corners[k], world);
        float rel[3] = {world[0] + l->pose.position.x - e->pose.position.x,
                        world[1] + l->pose.position.y - e->pose.position.y,
                        world[2] + l->pose.position.z - e->pose.position.z};
        mat_tvec(eye_rot, rel, corners[k]);
    }
    bound_points(e, corners, 4, m);
}

/* Cylinder, equirect, equirect2: parameters; radius 0 (or +inf) means at infinity. */
static void setup_round(const struct mx_comp_layer *l, struct comp_map *m)
{
    float radius;
    if (l->kind == MX_COMP_CYLINDER) {
        float c = l->shape.cylinder.central_angle;
        m->p[0] = c, m->p[1] = c / l->shape.cylinder.aspect_ratio; /* height over radius */
        radius = l->shape.cylinder.radius;
        if (!(c > 0.0f))
            map_none(m);
    } else if (l->kind == MX_COMP_EQUIRECT) {
        m->p[0] = l->shape.equirect.scale.x, m->p[1] = l->shape.equirect.scale.y;
        m->p[2] = l->shape.equirect.bias.x, m->p[3] = l->shape.equirect.bias.y;
        radius = l->shape.equirect.radius;
        if (m->p[0] == 0.0f || m->p[1] == 0.0f)
            map_none(m);
    } else {
        m->p[0] = l->shape.equirect2.central_horizontal_angle;
        m->p[1] = l->shape.equirect2.upper_vertical_angle, m->p[2] = l->shape.equirect2.lower_vertical_angle;
        radius = l->shape.equirect2.radius;
        if (!(m->p[0] > 0.0f) || !(m->p[1] > m->p[2]))
            map_none(m);
    }
    m->p[4] = radius;
    m->infinite = !(radius > 0.0f) || isinf(radius);
}

void comp_map_setup(const struct mx_comp_layer *l, uint32_t eye, const struct comp_eye *e, struct comp_map *out)
{
    memset(out, 0, sizeof(*out));
    out->kind = l->kind;
    out->image = &l->image[l->kind == MX_COMP_PROJECTION ? eye : 0];
    out->x1 = e->width, out->y1 = e->height;
    const XrPosef *layer_pose = l->kind == MX_COMP_PROJECTION ? &l->view_pose[eye] : &l->pose;
    mat3 eye_rot, layer_rot, m;
    quat_to_mat(e->pose.orientation, eye_rot);
    quat_to_mat(layer_pose->orientation, layer_rot);
    mat_tmul(layer_rot, eye_rot, m); /* eye-space direction -> layer-space direction */
    float rel[3] = {e->pose.position.x - layer_pose->position.x, e->pose.position.y - layer_pose->position.y,
                    e->pose.position.z - layer_pose->position.z};
    mat_tvec(layer_rot, rel, out->origin);
    float d00[3] = {e->tan_left + 0.5f * e->step_x, e->tan_up - 0.5f * e->step_y, -1.0f};
    float ddx[3] = {e->step_x, 0, 0}, ddy[3] = {0, -e->step_y, 0};
    mat_vec(m, d00, out->d00);
    mat_vec(m, ddx, out->ddx);
    mat_vec(m, ddy, out->ddy);
    if (l->kind == MX_COMP_PROJECTION) {
        setup_projection(l, eye, e, eye_rot, layer_rot, out);
        const XrFovf *a = &l->view_fov[eye], *b = &e->fov;
        const XrQuaternionf *p = &layer_pose->orientation, *q = &e->pose.orientation;
        out->aligned = a->angleLeft == b->angleLeft && a->angleRight == b->angleRight && a->angleUp == b->angleUp &&
                       a->angleDown == b->angleDown && p->x == q->x && p->y == q->y && p->z == q->z && p->w == q->w &&
                       out->image->width == (uint32_t)e->width && out->image->height == (uint32_t)e->height;
    }
    else if (l->kind == MX_COMP_QUAD)
        setup_quad(l, e, eye_rot, layer_rot, out);
    else if (l->kind != MX_COMP_CUBE)
        setup_round(l, out);
    if (!out->image->rgba)
        map_none(out);
}

/* The ray's parameters t > 0 where it meets the cylinder (xz only) or the sphere of radius r, nearest
 * first; returns how many (0..2). */
static int intersect(const float o[3], const float d[3], float r, bool cylinder, float t[2])
{
    float a = d[0] * d[0] + d[2] * d[2], b = o[0] * d[0] + o[2] * d[2], c = o[0] * o[0] + o[2] * o[2] - r * r;
    if (!cylinder)
        a += d[1] * d[1], b += o[1] * d[1], c += o[1] * o[1];
    float disc = b * b - a * c;
    if (!(a > 0.0f) || disc < 0.0f)
        return 0;
    float s = sqrtf(disc), t0 = (-b - s) / a, t1 = (-b + s) / a;
    int n = 0;
    if (t0 > 0.0f)
        t[n++] = t0;
    if (t1 > 0.0f)
        t[n++] = t1;
    return n;
}

/* Texture coordinates of direction q (from the shape's centre) on the shape; false outside its image.
 * Longitude 0 is -Z, growing towards +X; latitude grows towards +Y. */
static bool shape_uv(const struct comp_map *m, const float q[3], float *u, float *v)
{
    float lon = atan2f(q[0], -q[2]), flat = sqrtf(q[0] * q[0] + q[2] * q[2]);
    if (m->kind == MX_COMP_CYLINDER) { /* p: central angle, height / radius */
        *u = lon / m->p[0] + 0.5f;
        *v = 0.5f - (q[1] / flat) / m->p[1];
    } else if (m->kind == MX_COMP_EQUIRECT) { /* p: scale, bias */
        float lat = atan2f(q[1], flat);
        *u = (lon / (2.0f * (float)M_PI)) / m->p[0] + 0.5f + m->p[2];
        *v = (-lat / (float)M_PI) / m->p[1] + 0.5f + m->p[3];
    } else { /* equirect2 p: central horizontal angle, upper, lower */
        float lat = atan2f(q[1], flat);
        *u = lon / m->p[0] + 0.5f;
        *v = (m->p[1] - lat) / (m->p[1] - m->p[2]);
    }
    return *u >= 0.0f && *u <= 1.0f && *v >= 0.0f && *v <= 1.0f;
}

/* At infinity the direction alone decides; at a finite radius the nearest hit inside the shape's visible
 * part (a cylinder is the arc of its central angle, seen from either side). */
static uint8_t map_round(const struct comp_map *m, const float d[3], float *u, float *v)
{
    if (m->infinite)
        return shape_uv(m, d, u, v) ? 0 : COMP_MISS;
    float t[2];
    int n = intersect(m->origin, d, m->p[4], m->kind == MX_COMP_CYLINDER, t);
    for (int k = 0; k < n; k++) {
        float q[3] = {m->origin[0] + t[k] * d[0], m->origin[1] + t[k] * d[1], m->origin[2] + t[k] * d[2]};
        if (shape_uv(m, q, u, v))
            return 0;
    }
    return COMP_MISS;
}

/* Vulkan's cube map face selection (major axis) and face coordinates. */
static uint8_t map_cube(const float d[3], float *u, float *v)
{
    float ax = fabsf(d[0]), ay = fabsf(d[1]), az = fabsf(d[2]), sc, tc, ma;
    uint8_t face;
    if (ax >= ay && ax >= az)
        face = d[0] >= 0 ? 0 : 1, ma = ax, sc = d[0] >= 0 ? -d[2] : d[2], tc = -d[1];
    else if (ay >= az)
        face = d[1] >= 0 ? 2 : 3, ma = ay, sc = d[0], tc = d[1] >= 0 ? d[2] : -d[2];
    else
        face = d[2] >= 0 ? 4 : 5, ma = az, sc = d[2] >= 0 ? d[0] : -d[0], tc = -d[1];
    if (!(ma > 0.0f))
        return COMP_MISS;
    *u = 0.5f * (sc / ma + 1.0f);
    *v = 0.5f * (tc / ma + 1.0f);
    return face;
}

static uint8_t map_pixel(const struct comp_map *m, const float d[3], float *u, float *v)
{
    if (m->kind == MX_COMP_CUBE)
        return map_cube(d, u, v);
    if (m->kind != MX_COMP_PROJECTION && m->kind != MX_COMP_QUAD)
        return map_round(m, d, u, v);
    if (!(d[2] < 0.0f))
        return COMP_MISS;
    if (m->kind == MX_COMP_PROJECTION) {
        *u = (d[0] / -d[2] - m->p[0]) * m->p[1];
        *v = (m->p[2] - d[1] / -d[2]) * m->p[3];
    } else { /* quad: the plane z = 0, seen from origin.z > 0 */
        float t = -m->origin[2] / d[2];
        *u = (m->origin[0] + t * d[0]) * m->p[0] + 0.5f;
        *v = 0.5f - (m->origin[1] + t * d[1]) * m->p[1];
    }
    return *u >= 0.0f && *u <= 1.0f && *v >= 0.0f && *v <= 1.0f ? 0 : COMP_MISS;
}

void comp_map_row(const struct comp_map *m, int y, int x0, int x1, float *u, float *v, uint8_t *face)
{
    if (m->aligned) { /* every pixel hits; the blend reads texel (x, y) itself */
        memset(face + x0, 0, (size_t)(x1 - x0));
        return;
    }
    float row[3] = {m->d00[0] + (float)y * m->ddy[0], m->d00[1] + (float)y * m->ddy[1],
                    m->d00[2] + (float)y * m->ddy[2]};
    for (int x = x0; x < x1; x++) {
        float d[3] = {row[0] + (float)x * m->ddx[0], row[1] + (float)x * m->ddx[1], row[2] + (float)x * m->ddx[2]};
        face[x] = map_pixel(m, d, &u[x], &v[x]);
    }
}
