/* The factory floor: layout, procedural meshes, animation as a pure function of time, culling.
 * Pure C + cglm: knows nothing of Vulkan or OpenXR. Owner: runtime/scene. */
#ifndef FACTORYXR_SCENE_H
#define FACTORYXR_SCENE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCENE_MAX_LINES 256

struct scene_plant;

/* Zero means default in every field (sokol style). */
struct scene_desc {
    uint32_t lines; /* production lines of the procedural floor, 1..SCENE_MAX_LINES; 0 = 4 */
    uint32_t seed;  /* layout/schedule variation of the procedural floor; 0 = 1 */
    /* The floor as data (see "Plants" below; copied, not kept). NULL: the procedural floor of lines and seed,
     * which is the same as the plant scene_plant_generate(lines, seed) makes. */
    const struct scene_plant *plant;
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
    bool link_down;        /* live, and the link to the data source is not up (scene_set_link): the values are
                              the last ones received */
    int64_t since_ns;      /* live: scene time at which the current status began. A machine that is not running
                              shows itself frozen as it was then (animation stays a function of time and states) */
    int64_t updated_ns;    /* live: scene time of the last data that arrived for it */
};

/* The state of the link to live data, for panels to show. */
enum scene_link {
    SCENE_LINK_NONE,       /* no live data source configured */
    SCENE_LINK_CONNECTING, /* not connected yet */
    SCENE_LINK_UP,
    SCENE_LINK_DOWN,       /* lost; the twin reconnects */
    SCENE_LINK_COUNT
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
 * scene_update and the others step_ns apart before it. Simulated machines are sampled from the simulation.
 * A machine with live data answers from the history its live updates built (scene_set_machine_live records
 * up to SCENE_HISTORY_SAMPLES of them, at most one per SCENE_HISTORY_STEP_NS unless the status changes):
 * each sample is the live state in effect at its time, without the alarm text; times before the first live
 * update it holds are the simulation's (or, once older updates were dropped, the oldest one it holds).
 * Returns the number of samples written (count, or 0 for an index out of range or step_ns <= 0). */
#define SCENE_HISTORY_SAMPLES 128
#define SCENE_HISTORY_STEP_NS 500000000LL
uint32_t scene_machine_history(const struct scene *scene, uint32_t index, uint32_t count, int64_t step_ns,
                               struct scene_machine_state *out_samples);
/* Overrides a machine's state with live data (copied; .live is set; .link_down comes from scene_set_link), or
 * with NULL hands it back to the simulation (and forgets its live history). Ignored for an index out of range
 * or a machine without a state (a rack). Call it before scene_update, from the thread that updates the scene.
 * Each call with data adds to the machine's live history at state->updated_ns (or at the time of the last
 * scene_update when that is later: a machine that went stale without new data). */
void scene_set_machine_live(struct scene *scene, uint32_t index, const struct scene_machine_state *state);
/* The link to live data as the twin sees it (SCENE_LINK_NONE until set). */
void scene_set_link(struct scene *scene, enum scene_link link);
enum scene_link scene_get_link(const struct scene *scene);
const char *scene_link_name(enum scene_link link); /* "none", "connecting", "up", "down" */
/* Where the machine's status light is (world space, as of the last scene_update): the beacon on a press's
 * column, the lamp on a conveyor's feeder/bin/first post, on a robot cell's guard rail, on an AGV. A second
 * lamp right above it lights up while its live data is stale. Returns false (and the origin) for a machine
 * without one (a rack) or an index out of range. */
bool scene_machine_beacon(const struct scene *scene, uint32_t index, float out_pos[3]);
/* World-space axis-aligned bounds of the machine's pieces as of the last scene_update (an AGV moves). */
void scene_machine_bounds(const struct scene *scene, uint32_t index, float out_min[3], float out_max[3]);
const char *scene_machine_kind_name(enum scene_machine_kind kind);     /* "conveyor", "robot", ... */
const char *scene_machine_status_name(enum scene_machine_status status); /* "running", "idle", ... */

/* ---- Picking: what a ray meets ----------------------------------------------------------------------------
 * Every piece of the floor (structure too: floor, walls, columns block a ray) as of the last scene_update:
 * the static pieces through a BVH over their world boxes built at scene_create, the moving ones by their
 * bounding spheres, then the piece's exact shape (boxes and prisms as their box, spheres, capped cylinders). */
struct scene_hit {
    float distance;  /* along the ray from its origin, metres (max_distance when nothing was hit) */
    float point[3];  /* world space; valid on a hit */
    uint32_t machine; /* the machine the piece belongs to (scene_get_machine), SCENE_NO_MACHINE for structure */
    uint32_t slot;    /* the piece (an internal instance slot), UINT32_MAX when nothing was hit */
};
/* The nearest piece the ray from origin along dir (any length > 0) meets within max_distance. Returns whether
 * it met one; out_hit is always written. Allocates nothing; safe to call from several threads at once. */
bool scene_pick(const struct scene *scene, const float origin[3], const float dir[3], float max_distance,
                struct scene_hit *out_hit);
/* The hall's floor: x, z of the inner faces of its walls. */
void scene_hall_bounds(const struct scene *scene, float out_min[2], float out_max[2]);

/* ---- Plants: the floor as data -------------------------------------------------------------------------
 * A plant is everything the scene builds a floor from: the hall, the production lines with their conveyors
 * and robot cells, racks, pallet stacks, free-standing columns, AGV routes and lights, and the identities of
 * the machines. scene_plant_generate makes the procedural floor's plant; runtime/twin reads and writes plants
 * as JSON files (docs/plant.md). World coordinates in metres: x across the hall, z along it (the viewer
 * starts at the origin looking towards -z), Y up, the floor at y = 0.
 *
 * A line runs along -z from its origin: its parts appear at the origin and flow through an infeed conveyor,
 * 1..SCENE_PLANT_MAX_CELLS robot cells (a loading robot, a press, an unloading robot; a transfer conveyor to
 * the next cell) and an outfeed conveyor that ends in a bin. Across the flow, a line's conveyors sit 1.2 m to
 * either side of its centre line; consecutive cells alternate sides, so each cell's outfeed feeds the next
 * one. Lengths along the flow are free within their ranges: lines of different lengths, with more cells. */
#define SCENE_PLANT_MAX_LINES 1024
#define SCENE_PLANT_MAX_CELLS 8
#define SCENE_PLANT_MAX_OBJECTS 65536 /* racks, pallet stacks, columns, AGVs, lights: each at most this many */

/* The identity of one machine (or line): a unique id (letters, digits, '.', '_', '-': it is an MQTT topic
 * level) and a display name. */
struct scene_plant_ident {
    char id[SCENE_ID_MAX];
    char name[SCENE_NAME_MAX];
};

/* Ranges the scene accepts (scene_plant_check), in metres. */
#define SCENE_PLANT_INFEED_MIN 4.0f
#define SCENE_PLANT_INFEED_MAX 40.0f
#define SCENE_PLANT_TRANSFER_MIN 3.0f
#define SCENE_PLANT_TRANSFER_MAX 20.0f
#define SCENE_PLANT_OUTFEED_MIN 3.0f
#define SCENE_PLANT_OUTFEED_MAX 40.0f

struct scene_plant_cell {
    struct scene_plant_ident robot_in;  /* picks parts off the conveyor that feeds the cell */
    struct scene_plant_ident press;
    struct scene_plant_ident robot_out; /* moves pressed parts on to the next conveyor */
    /* The conveyor from this cell to the next one (not used for the last cell) and its length: from where
     * this cell's unloading robot sets parts down to where the next cell's loading robot picks them up is
     * transfer_length - 0.6 m. */
    struct scene_plant_ident transfer;
    float transfer_length; /* SCENE_PLANT_TRANSFER_MIN..MAX */
};

struct scene_plant_line {
    struct scene_plant_ident ident; /* the line itself (not a machine): "line1", "Line 1" */
    float origin[2];                /* x, z where its parts appear: the centre line at the start of the flow */
    bool mirrored;                  /* the first conveyor on the +x side of the centre line instead of -x */
    struct scene_plant_ident infeed;
    float infeed_length;            /* from the origin to the first cell's pick point, INFEED_MIN..MAX */
    uint32_t cell_count;            /* 1..SCENE_PLANT_MAX_CELLS */
    struct scene_plant_cell cells[SCENE_PLANT_MAX_CELLS];
    struct scene_plant_ident outfeed;
    float outfeed_length;           /* the last conveyor, up to its bin, OUTFEED_MIN..MAX */
    /* The simulation (no live data): seconds running, idle, running, fault of a 60 s schedule, each a
     * multiple of 3 (so the animation's hour wraps seamlessly), and where in it the line is at time 0. */
    uint32_t schedule[4];
    uint32_t schedule_phase;        /* multiple of 3, < 60 */
};

/* A pallet rack: bays of 2.7 m along -z from its near end, three levels, 1 m deep across. */
struct scene_plant_rack {
    struct scene_plant_ident ident;
    uint32_t line;  /* the line it serves (index into lines), SCENE_NO_LINE for none */
    float at[2];    /* x, z of the centre of its near (+z) end */
    uint32_t bays;  /* 1..8 */
};

/* A pallet on the floor with 0..2 cartons stacked on it (0.9 m across, 1.1 m along z). */
struct scene_plant_pallet {
    float at[2];
    uint32_t layers;
};

/* An AGV driving a closed loop counter-clockwise (seen from above): a rectangle with rounded corners. */
struct scene_plant_agv {
    struct scene_plant_ident ident;
    float center[2];
    float half[2];          /* half extents of the loop's centre line in x and z, > corner */
    float corner;           /* corner radius, 0.5.. */
    uint32_t laps_per_hour; /* a whole number, so the hour wraps seamlessly; speed at most 3 m/s */
    float phase;            /* where on the loop it is at time 0, a fraction of a lap in [0, 1) */
    float color[3];         /* body colour, linear RGB 0..1 */
};

struct scene_plant {
    uint32_t seed;       /* cosmetic variation: floor slab tints, rack loads, carton tones */
    float hall_min[2];   /* x, z of the inner faces of the walls */
    float hall_max[2];
    float roof_y;        /* 4..30 */
    struct scene_plant_line *lines;
    uint32_t line_count; /* 0..SCENE_PLANT_MAX_LINES */
    struct scene_plant_rack *racks;
    uint32_t rack_count;
    struct scene_plant_pallet *pallets;
    uint32_t pallet_count;
    float (*columns)[2]; /* free-standing roof columns (x, z), 0.35 m square with an impact guard */
    uint32_t column_count;
    struct scene_plant_agv *agvs;
    uint32_t agv_count;
    struct scene_light *lights; /* each hangs a fixture 0.2 m above it; the first ones are lit first */
    uint32_t light_count;
};

/* How many of each the arrays of a new plant hold (each 0..its maximum). */
struct scene_plant_counts {
    uint32_t lines, racks, pallets, columns, agvs, lights;
};

/* A plant with zeroed arrays of the given sizes. Returns 0, or -1 (message on stderr). */
int scene_plant_create(const struct scene_plant_counts *counts, struct scene_plant **out_plant);
void scene_plant_destroy(struct scene_plant **plant_ptr);
/* The procedural floor of `lines` lines (1..SCENE_MAX_LINES) and `seed` (0 = 1) as a plant. */
int scene_plant_generate(uint32_t lines, uint32_t seed, struct scene_plant **out_plant);
/* Checks everything a scene needs of a plant: ranges, unique well-formed ids, nothing outside the hall,
 * no two things in the same place (machines, racks, pallets, columns, line areas, AGV loops). Returns 0
 * when the plant is good; else -1 with a message in msg naming the field as a JSON path (lines[2].infeed.id,
 * racks[0]) and the offending value. */
int scene_plant_check(const struct scene_plant *plant, char *msg, size_t msg_size);
/* The footprint a line takes on the floor (its band: machines, racks beside them, aisle markings):
 * x, z minimum and maximum. */
void scene_plant_line_band(const struct scene_plant_line *line, float out_min[2], float out_max[2]);

#endif
