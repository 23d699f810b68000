/* Frame slots (2 in flight) and the frame API: begin (slot fence only) -> record -> set_views (late latch)
 * -> submit. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gfx_internal.h"

/* Light and fog constants of the hall, linear RGB. */
static const float gfx_sun_dir[3] = {0.30f, 0.85f, 0.43f}; /* towards the sun, through the roof lights */
static const float gfx_sun_color[3] = {0.55f, 0.52f, 0.47f};
static const float gfx_sky_color[3] = {0.30f, 0.32f, 0.36f};
static const float gfx_ground_color[3] = {0.12f, 0.11f, 0.10f};
static const float gfx_fog_color[3] = {0.20f, 0.21f, 0.23f}; /* also the clear color: far = fogged */
static const float gfx_fog_start = 15.0f, gfx_fog_end = 90.0f;

static int gfx_slot_instances_create(struct gfx *gfx, struct gfx_slot *slot, uint32_t capacity)
{
    gfx_buffer_destroy(gfx, &slot->instances);
    slot->instance_capacity = 0;
    if (gfx_buffer_create(gfx, (VkDeviceSize)capacity * sizeof(struct gfx_instance),
                          VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, true, &slot->instances) != 0)
        return -1;
    slot->instance_capacity = capacity;
    return 0;
}

static int gfx_slot_create(struct gfx *gfx, struct gfx_slot *slot)
{
    VkCommandPoolCreateInfo pool_info = {.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
                                         .flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT,
                                         .queueFamilyIndex = gfx->queue_family};
    VkResult res = vkCreateCommandPool(gfx->device, &pool_info, NULL, &slot->pool);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreateCommandPool", res);
        return -1;
    }
    VkCommandBufferAllocateInfo cmd_info = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                            .commandPool = slot->pool,
                                            .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
                                            .commandBufferCount = 1};
    res = vkAllocateCommandBuffers(gfx->device, &cmd_info, &slot->cmd);
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkAllocateCommandBuffers", res);
        return -1;
    }
    VkFenceCreateInfo fence_info = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    res = vkCreateFence(gfx->device, &fence_info, NULL, &slot->fence);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreateFence", res);
        return -1;
    }
    if (gfx_slot_instances_create(gfx, slot, GFX_INITIAL_INSTANCES) != 0 ||
        gfx_buffer_create(gfx, sizeof(struct gfx_frame_ubo), VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, true,
                          &slot->frame_ubo) != 0 ||
        gfx_timing_create(gfx, slot) != 0)
        return -1;
    memset(slot->frame_ubo.map, 0, sizeof(struct gfx_frame_ubo));
    VkDescriptorSetAllocateInfo set_info = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
                                            .descriptorPool = gfx->descriptor_pool,
                                            .descriptorSetCount = 1,
                                            .pSetLayouts = &gfx->set_layout};
    res = vkAllocateDescriptorSets(gfx->device, &set_info, &slot->set);
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkAllocateDescriptorSets", res);
        return -1;
    }
    VkDescriptorBufferInfo buffer_info = {.buffer = slot->frame_ubo.buffer, .offset = 0, .range = VK_WHOLE_SIZE};
    VkWriteDescriptorSet write = {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
                                  .dstSet = slot->set,
                                  .dstBinding = 0,
                                  .descriptorCount = 1,
                                  .descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER,
                                  .pBufferInfo = &buffer_info};
    vkUpdateDescriptorSets(gfx->device, 1, &write, 0, NULL);
    slot->state = GFX_SLOT_IDLE;
    return 0;
}

int gfx_slots_create(struct gfx *gfx)
{
    for (uint32_t i = 0; i < GFX_FRAMES_IN_FLIGHT; i++) {
        if (gfx_slot_create(gfx, &gfx->slots[i]) != 0)
            return -1;
    }
    return 0;
}

void gfx_slots_destroy(struct gfx *gfx)
{
    for (uint32_t i = 0; i < GFX_FRAMES_IN_FLIGHT; i++) {
        struct gfx_slot *slot = &gfx->slots[i];
        gfx_timing_destroy(gfx, slot);
        gfx_buffer_destroy(gfx, &slot->frame_ubo);
        gfx_buffer_destroy(gfx, &slot->instances);
        GFX_DESTROY(gfx, vkDestroyFence, slot->fence);
        GFX_DESTROY(gfx, vkDestroyCommandPool, slot->pool); /* frees slot->cmd */
        memset(slot, 0, sizeof *slot);
    }
}

static struct gfx_slot *gfx_current_slot(struct gfx *gfx)
{
    return &gfx->slots[gfx->frame_number % GFX_FRAMES_IN_FLIGHT];
}

static bool gfx_expect_state(const struct gfx_slot *slot, enum gfx_slot_state want, const char *fn)
{
    static const char *const names[] = {"idle", "begun", "recorded", "submitted"};
    if (slot->state == want)
        return true;
    fprintf(stderr, "gfx: %s called out of order: frame slot is %s, expected %s\n", fn, names[slot->state],
            names[want]);
    return false;
}

/* Waits for the current slot's fence and hands out what its previous frame left (GPU time once: a second
 * call reports gpu_ms -1 and no draws). */
static int gfx_slot_settle(struct gfx *gfx, struct gfx_slot *slot, struct gfx_frame_stats *out_stats)
{
    struct gfx_frame_stats stats = {.gpu_ms = -1.0};
    /* A slot still BEGUN or RECORDED holds a frame that was abandoned before submit: it is dropped. */
    if (gfx_slot_wait(gfx, slot, &stats.fence_wait_ms) != 0)
        return -1;
    stats.gpu_ms = gfx_timing_read(gfx, slot);
    stats.draws = slot->draws;
    stats.triangles = slot->triangles;
    slot->draws = 0;
    slot->triangles = 0;
    if (out_stats)
        *out_stats = stats;
    return 0;
}

int gfx_frame_wait(struct gfx *gfx, struct gfx_frame_stats *out_prev_stats)
{
    return gfx_slot_settle(gfx, gfx_current_slot(gfx), out_prev_stats);
}

int gfx_frame_begin(struct gfx *gfx, struct gfx_frame_stats *out_prev_stats)
{
    struct gfx_slot *slot = gfx_current_slot(gfx);
    if (gfx_slot_settle(gfx, slot, out_prev_stats) != 0)
        return -1;
    VkResult res = vkResetCommandPool(gfx->device, slot->pool, 0);
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkResetCommandPool", res);
        return -1;
    }
    slot->state = GFX_SLOT_BEGUN;
    slot->views_set = false;
    return 0;
}

static float gfx_dist2(const float a[3], const float b[3])
{
    float dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
    return dx * dx + dy * dy + dz * dz;
}

/* The GFX_MAX_LIGHTS lights nearest to where the eyes were last frame (a frame of head motion changes
 * nothing visible: far lights are windowed out). One pass keeping a sorted short list: O(lights). */
static void gfx_pick_lights(const struct gfx *gfx, struct gfx_light_set *out)
{
    uint32_t picked[GFX_MAX_LIGHTS];
    float picked_d2[GFX_MAX_LIGHTS];
    uint32_t count = 0;
    for (uint32_t i = 0; i < gfx->light_count; i++) {
        float d2 = gfx_dist2(gfx->lights[i].pos, gfx->light_anchor);
        if (count == GFX_MAX_LIGHTS && d2 >= picked_d2[count - 1])
            continue;
        uint32_t at = count < GFX_MAX_LIGHTS ? count++ : count - 1; /* the farthest drops out when full */
        for (; at > 0 && picked_d2[at - 1] > d2; at--) {
            picked[at] = picked[at - 1];
            picked_d2[at] = picked_d2[at - 1];
        }
        picked[at] = i;
        picked_d2[at] = d2;
    }
    for (uint32_t k = 0; k < count; k++) {
        const struct scene_light *l = &gfx->lights[picked[k]];
        memcpy(out->pos_radius[k], l->pos, sizeof l->pos);
        out->pos_radius[k][3] = l->radius;
        for (int c = 0; c < 3; c++)
            out->color[k][c] = l->color[c] * l->intensity;
    }
    out->count = count;
}

float gfx_light_falloff(float d2, float radius)
{
    float r2 = radius * radius;
    if (!(d2 < r2))
        return 0.0f;
    float window = 1.0f - (d2 * d2) / (r2 * r2);
    return window * window / (d2 + 1.0f);
}

/* The frame's point lights at the instance's origin, as one colour and the direction it mostly comes
 * from: exact for one light, and for several it keeps which side of a part is lit. */
static void gfx_light_instance(const struct gfx_light_set *lights, const float pos[3], struct gfx_instance *out)
{
    float color[3] = {0.0f, 0.0f, 0.0f}, dir[3] = {0.0f, 0.0f, 0.0f};
    for (uint32_t i = 0; i < lights->count; i++) {
        const float *l = lights->pos_radius[i];
        float to[3] = {l[0] - pos[0], l[1] - pos[1], l[2] - pos[2]};
        float d2 = to[0] * to[0] + to[1] * to[1] + to[2] * to[2];
        float falloff = gfx_light_falloff(d2, l[3]);
        if (falloff <= 0.0f)
            continue;
        float weight = 0.0f, inv_d = 1.0f / sqrtf(d2 > 1e-6f ? d2 : 1e-6f);
        for (int c = 0; c < 3; c++) {
            color[c] += lights->color[i][c] * falloff;
            weight += lights->color[i][c] * falloff;
        }
        for (int c = 0; c < 3; c++)
            dir[c] += to[c] * inv_d * weight;
    }
    float len = sqrtf(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
    for (int c = 0; c < 3; c++) {
        out->point[c] = color[c];
        out->point_dir[c] = len > 0.0f ? dir[c] / len : 0.0f;
    }
    out->point[3] = 0.0f;
    out->point_dir[3] = 0.0f;
}

static void gfx_write_instances(const struct gfx *gfx, const struct scene_draw_list *list, struct gfx_instance *out)
{
    struct gfx_light_set lights;
    gfx_pick_lights(gfx, &lights);
    for (uint32_t b = 0; b < list->batch_count; b++) {
        const struct scene_batch *batch = &list->batches[b];
        for (uint32_t i = batch->first_instance; i < batch->first_instance + batch->instance_count; i++) {
            struct gfx_instance inst = {.base = list->instances[i]};
            gfx_light_instance(&lights, &list->instances[i].model[12], &inst);
            inst.point[3] = gfx->meshes[batch->mesh].spin_pitch;
            out[i] = inst;
        }
    }
}

static void gfx_write_frame_constants(struct gfx_frame_ubo *ubo)
{
    memcpy(ubo->sun_dir, gfx_sun_dir, sizeof gfx_sun_dir);
    memcpy(ubo->sun_color, gfx_sun_color, sizeof gfx_sun_color);
    memcpy(ubo->sky_color, gfx_sky_color, sizeof gfx_sky_color);
    memcpy(ubo->ground_color, gfx_ground_color, sizeof gfx_ground_color);
    memcpy(ubo->fog_color, gfx_fog_color, sizeof gfx_fog_color);
    ubo->params[0] = gfx_fog_start;
    ubo->params[1] = gfx_fog_end;
}

void gfx_clear_color(float out_rgba[4])
{
    memcpy(out_rgba, gfx_fog_color, sizeof gfx_fog_color);
    out_rgba[3] = 1.0f;
}

static int gfx_check_list(const struct gfx *gfx, const struct scene_draw_list *list)
{
    for (uint32_t b = 0; b < list->batch_count; b++) {
        const struct scene_batch *batch = &list->batches[b];
        if (batch->mesh >= gfx->mesh_count || batch->first_instance > list->instance_count ||
            batch->instance_count > list->instance_count - batch->first_instance) {
            fprintf(stderr, "gfx: draw list batch %u (mesh %u, instances %u+%u) is out of range (%u meshes, %u "
                            "instances)\n", b, batch->mesh, batch->first_instance, batch->instance_count,
                    gfx->mesh_count, list->instance_count);
            return -1;
        }
    }
    for (uint32_t c = 0; c < list->chunk_count; c++) {
        if (!list->chunks || list->chunks[c] >= gfx->chunk_count ||
            (list->chunk_skip && list->chunk_skip[c] > gfx->chunks[list->chunks[c]].member_count)) {
            fprintf(stderr, "gfx: draw list chunk %u (or its skip) is out of range (%u static chunks uploaded)\n",
                    list->chunks ? list->chunks[c] : 0u, gfx->chunk_count);
            return -1;
        }
    }
    return 0;
}

/* The slot's fence has been waited for in gfx_frame_begin, so its old buffer is no longer read. */
static int gfx_slot_fit_instances(struct gfx *gfx, struct gfx_slot *slot, uint32_t count)
{
    if (count <= slot->instance_capacity)
        return 0;
    uint32_t capacity = slot->instance_capacity ? slot->instance_capacity : GFX_INITIAL_INSTANCES;
    while (capacity < count)
        capacity = capacity > UINT32_MAX / 2 ? count : capacity * 2;
    return gfx_slot_instances_create(gfx, slot, capacity);
}

int gfx_frame_record(struct gfx *gfx, const struct scene_draw_list *list, const uint32_t *color_index,
                     const uint32_t *depth_index, struct gfx_frame_stats *out_stats)
{
    struct gfx_slot *slot = gfx_current_slot(gfx);
    if (!gfx_expect_state(slot, GFX_SLOT_BEGUN, "gfx_frame_record"))
        return -1;
    if (!gfx->target.valid || !gfx->vertices.buffer) {
        fprintf(stderr, "gfx: gfx_frame_record needs gfx_upload_scene and gfx_set_target first\n");
        return -1;
    }
    if (!list || !color_index) {
        fprintf(stderr, "gfx: gfx_frame_record needs a draw list and color image indices\n");
        return -1;
    }
    if (gfx_check_list(gfx, list) != 0 || gfx_pass_check_indices(gfx, color_index, depth_index) != 0 ||
        gfx_slot_fit_instances(gfx, slot, list->instance_count) != 0)
        return -1;
    struct gfx_frame_ubo ubo; /* built here, then copied in one go into the mapped buffer */
    memset(&ubo, 0, sizeof ubo); /* view_proj/eye_pos are written by gfx_frame_set_views; no stack garbage */
    gfx_write_frame_constants(&ubo);
    memcpy(slot->frame_ubo.map, &ubo, sizeof ubo);
    gfx_write_instances(gfx, list, slot->instances.map);

    VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
                                      .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT};
    VkResult res = vkBeginCommandBuffer(slot->cmd, &begin);
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkBeginCommandBuffer", res);
        return -1;
    }
    gfx_timing_begin(gfx, slot);
    gfx_pass_record(gfx, slot, list, color_index, depth_index);
    gfx_timing_end(gfx, slot);
    res = vkEndCommandBuffer(slot->cmd);
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkEndCommandBuffer", res);
        return -1;
    }
    slot->state = GFX_SLOT_RECORDED;
    if (out_stats)
        *out_stats = (struct gfx_frame_stats){.gpu_ms = -1.0, .draws = slot->draws, .triangles = slot->triangles};
    return 0;
}

/* The late latch: the recorded commands read these from the slot's host-coherent buffer when they run. */
void gfx_frame_set_views(struct gfx *gfx, const struct gfx_view *views, uint32_t view_count)
{
    struct gfx_slot *slot = gfx_current_slot(gfx);
    if (!gfx_expect_state(slot, GFX_SLOT_RECORDED, "gfx_frame_set_views"))
        return;
    if (!views || view_count != gfx->target.desc.view_count) {
        fprintf(stderr, "gfx: gfx_frame_set_views: %u views given, the target has %u\n", view_count,
                gfx->target.desc.view_count);
        return;
    }
    struct gfx_frame_ubo *ubo = slot->frame_ubo.map;
    float anchor[3] = {0.0f, 0.0f, 0.0f};
    for (uint32_t v = 0; v < view_count; v++) {
        gfx_mat4_mul(views[v].proj, views[v].view, ubo->view_proj[v]);
        for (int c = 0; c < 3; c++) {
            ubo->eye_pos[v][c] = views[v].eye_pos[c];
            anchor[c] += views[v].eye_pos[c] / (float)view_count;
        }
        ubo->eye_pos[v][3] = 1.0f;
    }
    memcpy(gfx->light_anchor, anchor, sizeof anchor);
    slot->views_set = true;
}

int gfx_frame_submit(struct gfx *gfx)
{
    struct gfx_slot *slot = gfx_current_slot(gfx);
    if (!gfx_expect_state(slot, GFX_SLOT_RECORDED, "gfx_frame_submit"))
        return -1;
    if (!slot->views_set) {
        fprintf(stderr, "gfx: gfx_frame_submit without gfx_frame_set_views: no eye matrices for this frame\n");
        return -1;
    }
    /* Reset here, not in begin: a frame abandoned between begin and submit leaves the fence signaled. */
    VkResult res = vkResetFences(gfx->device, 1, &slot->fence);
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkResetFences", res);
        return -1;
    }
    VkSubmitInfo submit = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1,
                           .pCommandBuffers = &slot->cmd};
    res = vkQueueSubmit(gfx->queue, 1, &submit, slot->fence);
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkQueueSubmit", res);
        slot->state = GFX_SLOT_IDLE;
        gfx->frame_number++;
        return -1;
    }
    slot->state = GFX_SLOT_SUBMITTED;
    slot->queries_written = gfx->timestamps;
    gfx->frame_number++;
    return 0;
}
