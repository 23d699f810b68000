/* Internals shared by the scene's rooms (layout, shapes, animation, culling) and its unit tests. */
#ifndef FACTORYXR_SCENE_INTERNAL_H
#define FACTORYXR_SCENE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "factoryxr/scene.h"

/* Line-local geometry shared by layout (static parts) and animation (moving parts): lx across the line, s along
 * the flow from the line's origin (see struct scene_line_plan). A cell's pieces are placed with its side:
 * lx * side, so consecutive cells mirror each other across the centre line. */
#define SCENE_BAND_HALF_W 3.5f
#define SCENE_BAND_S0 (-1.5f)    /* a line's band starts this far before its origin ... */
#define SCENE_BAND_TAIL 1.5f     /* ... and ends this far past the end of its outfeed conveyor */
#define SCENE_BELT_X 1.2f        /* conveyors run this far off the centre line */
#define SCENE_IN_S0 (-0.7f)      /* the infeed's frame starts before the origin, under the feeder */
#define SCENE_FEEDER_S (-0.29f)
#define SCENE_PICK_OVER 0.3f     /* a conveyor's frame runs on past the pick point at its end */
#define SCENE_OUTLET_S 2.1f      /* a cell's outgoing conveyor starts this far past its pick point */
#define SCENE_PLACE_S 2.4f       /* where a cell's unloading robot sets parts down, past its pick point */
#define SCENE_BIN_OVER 0.25f     /* the bin's centre past the end of the outfeed's frame */
#define SCENE_PART_GONE 0.35f    /* a part is out of sight this far before the bin's centre */
#define SCENE_TABLE_X 1.2f       /* the press table, on the cell's side */
#define SCENE_RAIL_BEFORE 1.5f   /* the cell's guard rails, before and after its pick point */
#define SCENE_RAIL_AFTER 3.2f
#define SCENE_ROLLER_STEP 0.15f
#define SCENE_ROLLER_SIDES 6
#define SCENE_ROLLER_BED_ROLLERS 8 /* rollers per ROLLER_BED instance: one instance where there were eight */
#define SCENE_ROLLER_R 0.0596831f /* 6 / (32 pi): a cycle turns a roller by 32 whole facets */
#define SCENE_ARM_H0 1.0f        /* shoulder height */
#define SCENE_ARM_A1 1.15f       /* upper arm */
#define SCENE_ARM_A2 1.05f       /* forearm */
#define SCENE_ARM_A3 0.35f       /* wrist to grip point */
#define SCENE_RACK_BAY 2.7f
#define SCENE_RACK_HALF_W 0.5f   /* a rack's footprint across (uprights at 0.45 plus their width) */
#define SCENE_LAMP 0.12f         /* status and stale lamps: cubes this wide */
#define SCENE_LAMP_STACK 0.14f   /* the stale lamp sits this far above the status lamp */

/* Static chunks: square cells of the floor plan (x, z), in metres. Small enough that culling drops most of
 * the hall behind the viewer, large enough that a chunk is a worthwhile draw call for the renderer. */
#define SCENE_CHUNK_SIZE 8.0f
/* Static pieces with a bounding radius above this (metres) get a chunk each (roof, walls, truss chords). */
#define SCENE_CHUNK_LARGE SCENE_CHUNK_SIZE

/* Mesh kinds: one instanced draw each; instances are stored grouped in this order. */
enum scene_kind {
    SCENE_KIND_QUAD,     /* unit square in XZ, normal +Y, a 4x4 grid: floor slabs, hatch bases, roof */
    SCENE_KIND_BOX,      /* unit cube: structure, racks, machines, AGVs */
    SCENE_KIND_CYLINDER, /* unit cylinder along Y, smooth: robot bases, poles */
    SCENE_KIND_ROLLER,   /* unit 8-sided open prism along X, faceted so that rotation shows */
    SCENE_KIND_PART,     /* unit hexagonal prism along Y: work pieces */
    SCENE_KIND_ARM,      /* octagonal prism along +X from 0 to 1: robot links */
    SCENE_KIND_SPHERE,   /* unit-diameter sphere: joints, beacons */
    SCENE_KIND_FIXTURE,  /* trapezoid prism along Z: overhead light fixtures */
    SCENE_KIND_TILE,     /* unit square in XZ, normal +Y, one cell: paint strips, windows (small flat pieces) */
    SCENE_KIND_ROLLER_BED, /* SCENE_ROLLER_BED_ROLLERS rollers in a row, each spun by the renderer (spin_pitch) */
    SCENE_KIND_COUNT
};

/* Animation timing. Every periodic motion divides SCENE_PERIOD_S, so wrapping time there is seamless:
 * the schedule period divides it, the process time gained per period is a multiple of each line's parts'
 * period (a divisor or multiple of 36 cycles: see scene_line_plan.parts), and each AGV makes a whole number
 * of laps. */
#define SCENE_PERIOD_S 3600
#define SCENE_SCHEDULE_S 60        /* status schedule (running/idle/running/fault) */
#define SCENE_CYCLE_S 5.0          /* one part per cycle per line */
#define SCENE_PITCH_M 2.0          /* part spacing on the belts: belt speed = pitch / cycle */
#define SCENE_MAX_LINE_PARTS 144   /* part slots of the longest line */
#define SCENE_ARMS_PER_CELL 2      /* A: belt -> press table, B: press table -> next belt */
#define SCENE_PART_H 0.2f          /* part height */
#define SCENE_BELT_TOP 0.91f       /* top of rollers and of the machine table */

/* A part's lifecycle in a cell, in cycles after it reached the cell's pick point: arm A carries it, it lies on
 * the press table, arm B carries it; then it rides the next belt. */
#define SCENE_TAU_PLACE_A 0.4
#define SCENE_TAU_PICK_B 0.85
#define SCENE_TAU_PLACE_B 1.25

enum scene_status { SCENE_STATUS_RUNNING, SCENE_STATUS_IDLE, SCENE_STATUS_FAULT };

/* Robot arm bases along s, after the cell's pick point (lx 0): arm A, arm B. */
extern const float scene_arm_base_s[SCENE_ARMS_PER_CELL];

struct scene_cell_plan {
    float pick_s;   /* where arm A picks parts off the incoming belt */
    float side;     /* +1: the press on the +lx side and the incoming belt on -lx; -1: mirrored */
    double tau;     /* lifecycle position (cycles) at which a part reaches pick_s */
    uint32_t robot_in, press, robot_out, transfer; /* machine indices; transfer SCENE_NO_MACHINE for the last */
};

/* One production line: its band on the floor and its status schedule. Line-local coordinates: lx across
 * (world x = x + mirror * lx), s along the flow (world z = z0 - s). */
struct scene_line_plan {
    float x;
    float mirror; /* +1 or -1 */
    float z0;
    uint32_t sched[4];    /* seconds: running, idle, running, fault (sum SCENE_SCHEDULE_S) */
    uint32_t sched_phase; /* seconds into the schedule at time 0 */
    uint32_t cell_count;
    struct scene_cell_plan cell[SCENE_PLANT_MAX_CELLS];
    float out_s0, out_s1;  /* the outfeed conveyor's frame */
    float bin_s;
    float band_s1;         /* the band ends here */
    float desk_s;
    double tau_out;        /* a part lands on the outfeed belt ... */
    double tau_gone;       /* ... and is out of sight in the bin */
    uint32_t parts;        /* part slots = lifecycle length in cycles */
    uint32_t infeed, outfeed; /* machine indices */
    uint32_t first_machine, machine_count; /* the line's machines are contiguous: infeed, cells..., outfeed */
};

/* An AGV's closed loop: a rounded rectangle, driven counter-clockwise. */
struct scene_agv_plan {
    float cx, cz;  /* loop centre */
    float hx, hz;  /* half extents of the path centre line */
    float corner;  /* corner radius */
    float length;  /* loop length (m) */
    float speed;   /* m/s: a whole number of laps per SCENE_PERIOD_S */
    float phase;   /* fraction of a lap at time 0 */
    float color[4];
    uint32_t machine;
};

struct scene_rack_plan {
    float x, z; /* near end */
    uint32_t bays;
    uint32_t machine;
};

struct scene_plan {
    uint32_t lines, seed;
    float hall_min[2]; /* x, z of the inner wall faces */
    float hall_max[2];
    float roof_y;
    struct scene_line_plan *line;
    uint32_t rack_count, pallet_count, column_count, agv_count;
    struct scene_rack_plan *rack;
    struct scene_plant_pallet *pallet;
    float (*column)[2];
    struct scene_agv_plan *agv;
};

/* Joint angles (radians) and gripper opening (0 closed .. 1 open) of one robot arm. */
struct scene_arm_pose {
    float yaw, shoulder, elbow, wrist, grip;
};

/* Everything that moves on one line at one time; emitted by animate.c, inspected by tests. */
struct scene_line_state {
    enum scene_status status;
    double cycles;                 /* process time in cycles (advances only while running) */
    uint32_t cell_count, parts;
    struct scene_arm_pose arm[SCENE_PLANT_MAX_CELLS][SCENE_ARMS_PER_CELL];
    float arm_base[SCENE_PLANT_MAX_CELLS][SCENE_ARMS_PER_CELL][3];
    float effector[SCENE_PLANT_MAX_CELLS][SCENE_ARMS_PER_CELL][3]; /* gripper tip, from forward kinematics */
    float ram_y[SCENE_PLANT_MAX_CELLS];
    float part_tau[SCENE_MAX_LINE_PARTS];    /* lifecycle position in cycles, [0, parts) */
    float part_pos[SCENE_MAX_LINE_PARTS][3]; /* part centre */
    float part_yaw[SCENE_MAX_LINE_PARTS];
    float roller_angle;
};

/* Writes instances either into their final slots or, while counting, only counts them. */
struct scene_emitter {
    struct scene_instance *instances;
    float (*spheres)[4]; /* world bounding sphere per instance: centre, radius */
    float *thickness;    /* per instance: its smallest extent (m); INFINITY = never left out as detail */
    const float *bound_radius; /* per kind */
    const float (*extent)[3];  /* per kind: the mesh's size along its local axes */
    uint32_t cursor[SCENE_KIND_COUNT];
    uint32_t limit[SCENE_KIND_COUNT]; /* one past the last slot a kind may write */
    uint32_t count[SCENE_KIND_COUNT];
    bool counting;
    bool overflow; /* a kind emitted more than was counted: a bug, caught instead of a stray write */
    bool keep;     /* pieces emitted now are never left out as detail: they carry others (rack uprights and
                      beams, conveyor frames: what they carry would float in the distance) or are what the
                      eye follows across the hall (the links of the robot arms) */
    uint32_t owner;   /* the machine the pieces emitted now belong to, SCENE_NO_MACHINE for structure */
    uint32_t *owners; /* per instance slot: its owner */
    float (*beacons)[3]; /* per machine: where its status lamp went (NULL: not recorded) */
};

/* One sample of a machine's live history (the alarm text is not kept). */
struct scene_history_sample {
    int64_t time_ns;
    uint64_t cycle_count;
    float parts_per_hour, temperature_c, load_pct;
    uint8_t status;
    bool stale, link_down;
};

/* A ring of the last live samples of one machine. The rings of all machines with a state are one block allocated
 * at create (4 KiB a machine), so that live updates in the frame loop never allocate. */
struct scene_history {
    struct scene_history_sample *samples; /* SCENE_HISTORY_SAMPLES; NULL for machines without a state */
    uint32_t next, count;
    bool dropped; /* older samples were overwritten */
};

struct scene {
    struct scene_plan plan;
    struct scene_mesh meshes[SCENE_KIND_COUNT];
    float bound_radius[SCENE_KIND_COUNT];
    float extent[SCENE_KIND_COUNT][3]; /* each mesh's bounding box size along its local axes */
    float local_min[SCENE_KIND_COUNT][3], local_max[SCENE_KIND_COUNT][3]; /* ... and the box itself */

    /* All instances grouped by kind; within a kind the static ones first, then the animated ones. */
    struct scene_instance *instances;
    float (*spheres)[4];
    float *thickness; /* see struct scene_emitter */
    uint32_t *owners; /* per instance slot: the machine it belongs to, SCENE_NO_MACHINE for structure */
    uint32_t instance_count;
    uint32_t kind_first[SCENE_KIND_COUNT];
    uint32_t kind_count[SCENE_KIND_COUNT];
    uint32_t kind_dynamic_first[SCENE_KIND_COUNT];
    uint64_t triangles;

    struct scene_light *lights;
    uint32_t light_count;

    /* The static slots of instances, copied in chunk order; static_slot[i] is the slot statics[i] came from. */
    struct scene_static_instance *statics;
    uint32_t *static_slot;
    float *static_thickness;         /* statics[i]'s thickness; ascending within a chunk */
    uint32_t *static_tris_before;    /* triangles of the members before statics[i] in its chunk */
    uint32_t static_count;
    struct scene_chunk *chunks;
    uint32_t chunk_count;

    /* Machines: identity (fixed), live overrides (set by the twin), and the time of the last update. */
    struct scene_machine *machines;
    struct scene_machine_state *live; /* live[i].live: machine i is overridden */
    struct scene_history *history;    /* per machine: its live updates */
    struct scene_history_sample *history_pool;
    float (*beacons)[3];              /* per machine: its status lamp as of the last update */
    uint32_t *machine_slot;           /* per machine: its place in its line, or its rack or AGV index */
    uint32_t machine_count;
    enum scene_link link;
    int64_t time_ns;

    struct scene_pick_bvh *pick; /* pick.c */

    /* scene_cull's output, sized at create so culling never allocates. */
    struct scene_instance *visible; /* animated instances only */
    struct scene_batch batches[SCENE_KIND_COUNT];
    uint32_t *visible_chunks;
    uint32_t *visible_chunk_skip;
};

/* shapes.c */
int scene_shapes_build(struct scene_mesh meshes[SCENE_KIND_COUNT]);
void scene_shapes_free(struct scene_mesh meshes[SCENE_KIND_COUNT]);

/* plan.c: the plan the scene animates, derived from a (checked) plant; lights are copied by scene.c. */
int scene_plan_build(const struct scene_plant *plant, struct scene_plan *out_plan);
void scene_plan_free(struct scene_plan *plan);
/* A line's geometry along s from its plant description: pick points, outfeed, band, lifecycle. Used by the
 * plan and by scene_plant_check (which needs the lengths before there is a plan). */
void scene_line_geometry(const struct scene_plant_line *in, struct scene_line_plan *out);
/* A line's machines as the plan numbers them: infeed, per cell robot_in, press, robot_out, transfer (not
 * after the last cell), outfeed. */
uint32_t scene_line_machine_count(const struct scene_plant_line *line);

/* layout.c */
void scene_layout_emit_static(struct scene_emitter *em, const struct scene_plan *plan,
                              const struct scene_light *lights, uint32_t light_count);
uint32_t scene_hash(uint32_t seed, uint32_t a, uint32_t b, uint32_t c);
float scene_hash_unit(uint32_t seed, uint32_t a, uint32_t b, uint32_t c); /* [0, 1) */

/* machines.c: names every machine of the plant (identity only; states are computed on demand). */
int scene_machines_build(struct scene *scene, const struct scene_plant *plant);
void scene_machines_free(struct scene *scene);
/* The status a machine shows at animation time t (seconds, wrapped) without the cost of its numbers. */
enum scene_machine_status scene_machine_status_at(const struct scene *scene, uint32_t index, double t);

/* pick.c: the BVH over the static pieces (after the static slots are emitted); returns 0 or -1. */
int scene_pick_build(struct scene *scene);
void scene_pick_free(struct scene *scene);
/* One piece's exact shape against the ray o + t d (d unit length) within [0, tmax]: the entry distance. */
bool scene_pick_shape(const struct scene *scene, uint32_t kind, const struct scene_instance *in, const float o[3],
                      const float d[3], float tmax, float *out_t);

/* chunk.c: groups the static slots into chunks; needs instances and spheres emitted. Returns 0 or -1. */
int scene_chunks_build(struct scene *scene);

/* animate.c */
double scene_time_seconds(int64_t time_ns); /* time_ns modulo SCENE_PERIOD_S, in seconds */
enum scene_status scene_line_status(const struct scene_line_plan *line, double t);
double scene_line_cycles(const struct scene_line_plan *line, double t);
/* The simulated line at time t (its schedule). */
void scene_line_state_at(const struct scene_plan *plan, uint32_t line, double t, struct scene_line_state *out);
/* The line's moving parts after `cycles` of process time (whatever drives it). */
void scene_line_pose(const struct scene_plan *plan, uint32_t line, double cycles, struct scene_line_state *out);
void scene_agv_at(const struct scene_agv_plan *agv, double t, float out_pos[3], float *out_yaw);
/* Emits every moving piece at time t (seconds, wrapped), with the machines' live states where set. */
void scene_animate_emit(struct scene_emitter *em, const struct scene *scene, double t);

/* emit.c: model = T(pos) * R(axis, angle) * S(scale), axis 0=X 1=Y 2=Z. */
void scene_xf_trs(float out[16], const float pos[3], int axis, float angle, const float scale[3]);
void scene_emit(struct scene_emitter *em, enum scene_kind kind, const float model[16], const float color[4]);
void scene_emit_trs(struct scene_emitter *em, enum scene_kind kind, const float pos[3], int axis, float angle,
                    const float scale[3], const float color[4]);
/* Axis-aligned box from its centre and size. */
void scene_emit_box(struct scene_emitter *em, float cx, float cy, float cz, float sx, float sy, float sz,
                    const float color[4]);
/* A box spanning the segment a..b (thickness w x w): truss members, beams. */
void scene_emit_beam(struct scene_emitter *em, const float a[3], const float b[3], float w, const float color[4]);

/* cull.c: true when the sphere touches every plane's inner side. */
bool scene_sphere_in_frustum(const struct scene_frustum *frustum, const float sphere[4]);

#endif
