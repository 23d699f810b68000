/* The factory floor: layout, procedural meshes, animation as a pure function of time, culling.
 * Pure C + cglm: knows nothing of Vulkan or OpenXR. Owner: runtime/scene. */
#ifndef FACTORYXR_SCENE_H
#define FACTORYXR_SCENE_H

#include <stdbool.h>
#include <stdint.h>

#define SCENE_MAX_LINES 256

/* Zero means default in every field (sokol style). */
struct scene_desc {
    uint32_t lines; /* production lines, 1..SCENE_MAX_LINES; 0 = 4 */
    uint32_t seed;  /* layout/schedule variation; 0 = 1 */
};

/* One vertex of a procedural mesh: position, normal (object space). */
struct scene_vertex {
    float pos[3];
    float normal[3];
};

/* A mesh kind's geometry, built once at scene_create; indices are 32-bit, triangle list. Triangles are
 * counter-clockwise seen from outside (right-handed, Y up); normals are unit length. */
struct scene_mesh {
    const char *name;
    const struct scene_vertex *vertices;
    uint32_t vertex_count;
    const uint32_t *indices;
    uint32_t index_count;
    float bound_radius; /* object-space bounding sphere around the origin */
    /* > 0: the mesh is a row of parts along local Z (roller beds) whose axes, parallel to X through y = 0,
     * sit at z = (k + 1/2) * spin_pitch, every vertex within spin_pitch / 2 of its own axis; each part turns
     * about its own axis by the angle the instance carries in model[3] (see struct scene_instance).
     * 0: a rigid mesh. */
    float spin_pitch;
};

/* Per-instance data (80 bytes): column-major model matrix, linear RGB albedo, and emissive strength in
 * color[3] (beacons, light fixtures glow). The renderer copies it to the front of its own GPU instance
 * record, which adds the point lighting it computes per instance. The model is affine: its bottom row is
 * not part of the transform (a renderer takes it as 0, 0, 0, 1), and model[3] carries the spin angle
 * (radians, about local X, applied before the model) for meshes with spin_pitch > 0, 0 for the others. */
struct scene_instance {
    float model[16];
    float color[4];
};

/* A contiguous range of instances that share one mesh kind: one instanced draw. */
struct scene_batch {
    uint32_t mesh;           /* index into the scene's meshes */
    uint32_t first_instance; /* into the draw list's instances */
    uint32_t instance_count;
};

/* One static instance (it never moves: hall, structure, racks, machine bodies, paint) and its mesh kind. */
struct scene_static_instance {
    struct scene_instance instance;
    uint32_t mesh;
};

/* Static instances grouped by where they stand (a square cell of the floor plan), so that a renderer can
 * merge each chunk into world-space geometry once and draw it with one call, and culling can drop whole
 * chunks. A chunk's instances are contiguous in scene_static_instances(), thinnest first (their smallest
 * extent; flat and glowing pieces last), so the pieces detail culling leaves out are always a prefix. */
struct scene_chunk {
    uint32_t first; /* into scene_static_instances() */
    uint32_t count;
    uint64_t triangles;
    float sphere[4]; /* world bounding sphere (centre, radius) around every member's bounding sphere */
};

/* The visible part of the scene for one frame: the animated instances sorted by mesh kind, and the static
 * chunks. Storage owned by the scene; valid until the next scene_cull on the same scene. */
struct scene_draw_list {
    const struct scene_instance *instances; /* visible animated instances */
    uint32_t instance_count;
    const struct scene_batch *batches;
    uint32_t batch_count;
    const uint32_t *chunks; /* indices of the visible static chunks, ascending */
    const uint32_t *chunk_skip; /* per listed chunk: how many of its first members detail culling left out */
    uint32_t chunk_count;
    uint64_t triangles; /* batches' instance_count * index_count / 3, plus the listed chunks' triangles
                           after their skipped members */
};

/* Detail culling: pieces whose smallest extent, seen from eye, spans less than min_angle (radians) are
 * left out: a rail or a roller thinner than a pixel or two would only shimmer. Flat pieces (paint, floor),
 * glowing ones (beacons, lights, screens), the ones that carry others (rack uprights and beams, conveyor
 * frames) and the links of the robot arms always stay. */
struct scene_detail {
    float eye[3];    /* world position the angle is measured from (between the eyes) */
    float min_angle; /* radians; 0 keeps every piece */
};

/* A convex volume as inward-facing planes (a,b,c,d): a point p is inside when a*x+b*y+c*z+d >= 0
 * for every plane. World space. */
struct scene_frustum {
    float planes[6][4];
};

/* A point light for the renderer (overhead fixtures), world space. */
struct scene_light {
    float pos[3];
    float radius;
    float color[3];
    float intensity;
};

struct scene_stats {
    uint32_t mesh_count;
    uint32_t instance_count; /* all instances (static and animated), before culling */
    uint64_t triangles;      /* all instances, before culling */
    uint32_t light_count;
    uint32_t static_instance_count; /* of instance_count, the ones that never move */
    uint32_t chunk_count;           /* the static chunks they are grouped into */
    uint32_t object_count; /* the pieces a viewer sees: instances, each roller of a roller bed counted */
};

struct scene;

/* Builds the floor plan and meshes. Returns 0 on success, -1 on bad desc (message on stderr). */
int scene_create(const struct scene_desc *desc, struct scene **out_scene);
void scene_destroy(struct scene **scene_ptr);

uint32_t scene_mesh_count(const struct scene *scene);
const struct scene_mesh *scene_get_mesh(const struct scene *scene, uint32_t index);
void scene_get_stats(const struct scene *scene, struct scene_stats *out_stats);
/* The point lights (fixed for the scene's lifetime), ordered front (near the origin) to back, so a
 * renderer with room for N lights can take the first N. radius: where the light's reach ends. */
const struct scene_light *scene_get_lights(const struct scene *scene, uint32_t *out_count);

/* Animates every instance to time_ns (nanoseconds; any epoch, e.g. an XrTime). A pure function of
 * time: same time, same instances, whatever was called before. */
void scene_update(struct scene *scene, int64_t time_ns);
/* The time_ns of the last scene_update (0 before the first): what the machine states are "as of". */
int64_t scene_get_time(const struct scene *scene);

/* Static geometry: the instances ordered by chunk, and the chunks. Fixed for the scene's lifetime. */
const struct scene_static_instance *scene_static_instances(const struct scene *scene, uint32_t *out_count);
const struct scene_chunk *scene_static_chunks(const struct scene *scene, uint32_t *out_count);

/* Keeps the animated instances and the static chunks whose bounding sphere touches any of the frusta
 * (e.g. both eyes). frustum_count 0 keeps everything. */
void scene_cull(struct scene *scene, const struct scene_frustum *frusta, uint32_t frustum_count,
                struct scene_draw_list *out_list);
/* The same, and with detail != NULL also detail culling: an animated instance is left out when its
 * thickness is below min_angle times its distance (bounding sphere's nearest point) from the eye; a chunk
 * skips its thinnest members by the chunk's nearest distance (so nothing seen at min_angle or more is ever
 * left out), and a chunk left with no member is not listed. */
void scene_cull_detail(struct scene *scene, const struct scene_frustum *frusta, uint32_t frustum_count,
                       const struct scene_detail *detail, struct scene_draw_list *out_list);

/* Frustum from an eye pose (position + unit quaternion x,y,z,w; OpenXR conventions: -Z forward,
 * +Y up) and OpenXR FOV angles in radians (left/down negative). widen_rad grows every angle
 * (for late-latched poses that can move after culling). */
void scene_frustum_from_fov(const float position[3], const float orientation[4], float angle_left,
                            float angle_right, float angle_up, float angle_down, float near_z, float far_z,
                            float widen_rad, struct scene_frustum *out_frustum);

/* ---- Machines: the things on the floor a person can point at, with an identity and a state ----------
 * Every conveyor, robot, press, rack and AGV is a machine: a unique string id, a display name, a kind,
 * and (except racks) a state. The state is simulated as a function of time (the line schedules) unless
 * live data overrides it (scene_set_machine_live, fed by the twin before scene_update). */
#define SCENE_ID_MAX 64    /* bytes, with the terminating NUL */
#define SCENE_NAME_MAX 64
#define SCENE_ALARM_MAX 96
#define SCENE_NO_MACHINE UINT32_MAX
#define SCENE_NO_LINE UINT32_MAX

enum scene_machine_kind {
    SCENE_MACHINE_CONVEYOR,
    SCENE_MACHINE_ROBOT,
    SCENE_MACHINE_PRESS,
    SCENE_MACHINE_RACK,
    SCENE_MACHINE_AGV,
    SCENE_MACHINE_KIND_COUNT
};

enum scene_machine_status {
    SCENE_MACHINE_RUNNING,
    SCENE_MACHINE_IDLE,
    SCENE_MACHINE_BLOCKED,
    SCENE_MACHINE_FAULT,
    SCENE_MACHINE_OFFLINE,
    SCENE_MACHINE_STATUS_COUNT
};

struct scene_machine {
    char id[SCENE_ID_MAX];     /* unique in the scene, e.g. "line1-press" */
    char name[SCENE_NAME_MAX]; /* for people, e.g. "Press 1" */
    enum scene_machine_kind kind;
    uint32_t line;             /* production line it belongs to, SCENE_NO_LINE for none (AGVs) */
    bool has_state;            /* false for passive equipment (racks): no status, no counters */
};

/* What a machine is doing. Numbers a machine does not have are NAN (an AGV has no temperature). */
struct scene_machine_state {
    enum scene_machine_status status;
    uint64_t cycle_count;  /* parts or cycles completed since it was commissioned */
    float parts_per_hour;  /* over the last hour */
    float temperature_c;
    float load_pct;        /* 0..100 */
    char alarm[SCENE_ALARM_MAX]; /* empty when none */
    bool live;             /* from telemetry (scene_set_machine_live) rather than the simulation */
    bool stale;            /* live, but no new data arrived within the twin's stale limit */
};

uint32_t scene_machine_count(const struct scene *scene);
/* NULL when index is out of range. Fixed for the scene's lifetime. */
const struct scene_machine *scene_get_machine(const struct scene *scene, uint32_t index);
/* The index of the machine with this id, or SCENE_NO_MACHINE. */
uint32_t scene_find_machine(const struct scene *scene, const char *id);
/* A machine's state at the time of the last scene_update: the live one when set, else the simulation's. */
void scene_machine_state(const struct scene *scene, uint32_t index, struct scene_machine_state *out_state);
/* The simulation's state of a machine at any time (ignores live data): a pure function of time_ns, so a
 * chart of the last minute can be drawn by sampling it. */
void scene_machine_state_sim(const struct scene *scene, uint32_t index, int64_t time_ns,
                             struct scene_machine_state *out_state);
/* A machine's recent past for a chart: `count` samples, oldest first, the last one at the time of the last
 * scene_update and the others step_ns apart before it. Simulated machines are sampled from the simulation;
 * (planned with the live twin: machines with live data answer from the history their updates built).
 * Returns the number of samples written (count, or 0 for an index out of range or step_ns <= 0). */
uint32_t scene_machine_history(const struct scene *scene, uint32_t index, uint32_t count, int64_t step_ns,
                               struct scene_machine_state *out_samples);
/* Overrides a machine's state with live data (copied; .live is set), or with NULL hands it back to the
 * simulation. Ignored for an index out of range. Call it before scene_update, from the thread that
 * updates the scene. */
void scene_set_machine_live(struct scene *scene, uint32_t index, const struct scene_machine_state *state);
/* World-space axis-aligned bounds of the machine's pieces as of the last scene_update (an AGV moves). */
void scene_machine_bounds(const struct scene *scene, uint32_t index, float out_min[3], float out_max[3]);
const char *scene_machine_kind_name(enum scene_machine_kind kind);     /* "conveyor", "robot", ... */
const char *scene_machine_status_name(enum scene_machine_status status); /* "running", "idle", ... */

#endif
