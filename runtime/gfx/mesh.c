/* Uploads the scene once through a staging copy: the mesh kinds the animated instances are drawn with (all
 * vertices, all indices), and the static chunks merged into world-space geometry with every point light in
 * reach baked into their vertices; keeps the scene's lights for the animated instances' per-frame lighting. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gfx_internal.h"

void gfx_meshes_destroy(struct gfx *gfx)
{
    gfx_buffer_destroy(gfx, &gfx->vertices);
    gfx_buffer_destroy(gfx, &gfx->indices);
    gfx_buffer_destroy(gfx, &gfx->static_vertices);
    gfx_buffer_destroy(gfx, &gfx->static_indices);
    gfx_buffer_destroy(gfx, &gfx->static_instance);
    free(gfx->chunks);
    free(gfx->member_first_index);
    gfx->chunks = NULL;
    gfx->member_first_index = NULL;
    gfx->chunk_count = 0;
    gfx->member_count = 0;
    free(gfx->meshes);
    free(gfx->lights);
    gfx->meshes = NULL;
    gfx->lights = NULL;
    gfx->mesh_count = 0;
    gfx->light_count = 0;
}

/* Where each mesh goes in the shared buffers; fails on sizes the draw call cannot address. */
static int gfx_mesh_layout(struct gfx *gfx, const struct scene *scene, VkDeviceSize *out_vertex_bytes,
                           VkDeviceSize *out_index_bytes)
{
    uint64_t vertices = 0, indices = 0;
    for (uint32_t m = 0; m < gfx->mesh_count; m++) {
        const struct scene_mesh *mesh = scene_get_mesh(scene, m);
        if (!mesh || mesh->index_count % 3 != 0 || (mesh->index_count && !mesh->indices)) {
            fprintf(stderr, "gfx: scene mesh %u is not a triangle list\n", m);
            return -1;
        }
        gfx->meshes[m] = (struct gfx_mesh_range){
            .vertex_offset = (int32_t)vertices, .first_index = (uint32_t)indices, .index_count = mesh->index_count,
            .spin_pitch = mesh->spin_pitch};
        vertices += mesh->vertex_count;
        indices += mesh->index_count;
        if (vertices > INT32_MAX || indices > UINT32_MAX) {
            fprintf(stderr, "gfx: scene meshes too large (%llu vertices, %llu indices)\n",
                    (unsigned long long)vertices, (unsigned long long)indices);
            return -1;
        }
    }
    *out_vertex_bytes = vertices * sizeof(struct scene_vertex);
    *out_index_bytes = indices * sizeof(uint32_t);
    if (!vertices || !indices) {
        fprintf(stderr, "gfx: the scene has no geometry\n");
        return -1;
    }
    return 0;
}

/* Sizes of the merged static geometry, and where each chunk's triangles go; fails on sizes a 32-bit index
 * buffer cannot address. */
static int gfx_static_layout(struct gfx *gfx, const struct scene *scene, uint64_t *out_vertices,
                             uint64_t *out_indices)
{
    uint32_t instance_count = 0, chunk_count = 0;
    const struct scene_static_instance *statics = scene_static_instances(scene, &instance_count);
    const struct scene_chunk *chunks = scene_static_chunks(scene, &chunk_count);
    uint64_t vertices = 0, indices = 0;
    gfx->chunks = calloc(chunk_count ? chunk_count : 1, sizeof *gfx->chunks);
    gfx->member_first_index = calloc(instance_count ? instance_count : 1, sizeof *gfx->member_first_index);
    gfx->member_count = instance_count;
    if (!gfx->chunks || !gfx->member_first_index) {
        fprintf(stderr, "gfx: out of memory for %u static chunks\n", chunk_count);
        return -1;
    }
    for (uint32_t c = 0; c < chunk_count; c++) {
        if (chunks[c].first > instance_count || chunks[c].count > instance_count - chunks[c].first) {
            fprintf(stderr, "gfx: static chunk %u (instances %u+%u) is out of range (%u)\n", c, chunks[c].first,
                    chunks[c].count, instance_count);
            return -1;
        }
        uint64_t first = indices;
        for (uint32_t i = chunks[c].first; i < chunks[c].first + chunks[c].count; i++) {
            if (statics[i].mesh >= gfx->mesh_count) {
                fprintf(stderr, "gfx: static instance %u has mesh %u of %u\n", i, statics[i].mesh, gfx->mesh_count);
                return -1;
            }
            const struct scene_mesh *mesh = scene_get_mesh(scene, statics[i].mesh);
            gfx->member_first_index[i] = (uint32_t)indices; /* checked below, before it is ever used */
            vertices += mesh->vertex_count;
            indices += mesh->index_count;
        }
        if (vertices > UINT32_MAX || indices > UINT32_MAX) {
            fprintf(stderr, "gfx: merged static geometry too large (%llu vertices, %llu indices)\n",
                    (unsigned long long)vertices, (unsigned long long)indices);
            return -1;
        }
        gfx->chunks[c] = (struct gfx_chunk_range){.first_index = (uint32_t)first,
                                                  .index_count = (uint32_t)(indices - first),
                                                  .first_member = chunks[c].first,
                                                  .member_count = chunks[c].count};
    }
    gfx->chunk_count = chunk_count;
    *out_vertices = vertices;
    *out_indices = indices;
    return 0;
}

static void gfx_cross(const float a[3], const float b[3], float out[3])
{
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
}

/* Lights whose reach can touch the chunk's bounding sphere (the only ones its vertices can receive). */
static uint32_t gfx_chunk_lights(const struct gfx *gfx, const struct scene_chunk *chunk, uint32_t *out)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < gfx->light_count; i++) {
        const struct scene_light *l = &gfx->lights[i];
        float dx = l->pos[0] - chunk->sphere[0], dy = l->pos[1] - chunk->sphere[1], dz = l->pos[2] - chunk->sphere[2];
        float reach = l->radius + chunk->sphere[3];
        if (dx * dx + dy * dy + dz * dz < reach * reach)
            out[n++] = i;
    }
    return n;
}

/* One static instance into world space: positions by the model matrix, normals by its cofactor (the inverse
 * transpose up to a positive factor; sign fixed for mirroring), as mesh.vert does for instances; every light
 * in reach summed at each vertex (falloff times the cosine at the vertex's normal). Indices shifted to where
 * its vertices went. */
static void gfx_bake_instance(const struct gfx *gfx, const struct scene_mesh *mesh, const struct scene_instance *in,
                              const uint32_t *lights, uint32_t light_count, struct gfx_static_vertex *vout,
                              uint32_t base, uint32_t *iout)
{
    const float *m = in->model;
    float cof[3][3];
    gfx_cross(&m[4], &m[8], cof[0]);
    gfx_cross(&m[8], &m[0], cof[1]);
    gfx_cross(&m[0], &m[4], cof[2]);
    float sign = m[0] * cof[0][0] + m[1] * cof[0][1] + m[2] * cof[0][2] < 0.0f ? -1.0f : 1.0f;
    for (uint32_t v = 0; v < mesh->vertex_count; v++) {
        const float *p = mesh->vertices[v].pos, *nrm = mesh->vertices[v].normal;
        struct gfx_static_vertex out = {.point = {0.0f, 0.0f, 0.0f, 0.0f}};
        float n[3];
        for (int r = 0; r < 3; r++) {
            out.pos[r] = m[r] * p[0] + m[4 + r] * p[1] + m[8 + r] * p[2] + m[12 + r];
            n[r] = cof[0][r] * nrm[0] + cof[1][r] * nrm[1] + cof[2][r] * nrm[2];
        }
        float len = sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        for (int r = 0; r < 3; r++)
            out.normal[r] = len > 0.0f ? sign * n[r] / len : 0.0f;
        memcpy(out.color, in->color, sizeof out.color);
        for (uint32_t k = 0; k < light_count; k++) {
            const struct scene_light *l = &gfx->lights[lights[k]];
            float to[3] = {l->pos[0] - out.pos[0], l->pos[1] - out.pos[1], l->pos[2] - out.pos[2]};
            float d2 = to[0] * to[0] + to[1] * to[1] + to[2] * to[2];
            float falloff = gfx_light_falloff(d2, l->radius);
            if (falloff <= 0.0f)
                continue;
            float cosine = (out.normal[0] * to[0] + out.normal[1] * to[1] + out.normal[2] * to[2]) /
                           sqrtf(d2 > 1e-6f ? d2 : 1e-6f);
            if (cosine <= 0.0f)
                continue;
            for (int c = 0; c < 3; c++)
                out.point[c] += l->color[c] * l->intensity * falloff * cosine;
        }
        vout[v] = out;
    }
    for (uint32_t i = 0; i < mesh->index_count; i++)
        iout[i] = base + mesh->indices[i];
}

/* The merged static geometry into staging: vertices at vdst, indices at idst, chunk by chunk. */
static int gfx_static_fill(const struct gfx *gfx, const struct scene *scene, struct gfx_static_vertex *vdst,
                           uint32_t *idst)
{
    uint32_t instance_count = 0, chunk_count = 0;
    const struct scene_static_instance *statics = scene_static_instances(scene, &instance_count);
    const struct scene_chunk *chunks = scene_static_chunks(scene, &chunk_count);
    uint32_t *lights = malloc((gfx->light_count ? gfx->light_count : 1) * sizeof *lights);
    if (!lights) {
        fprintf(stderr, "gfx: out of memory\n");
        return -1;
    }
    uint32_t vertices = 0, indices = 0;
    for (uint32_t c = 0; c < chunk_count; c++) {
        uint32_t light_count = gfx_chunk_lights(gfx, &chunks[c], lights);
        for (uint32_t i = chunks[c].first; i < chunks[c].first + chunks[c].count; i++) {
            const struct scene_mesh *mesh = scene_get_mesh(scene, statics[i].mesh);
            gfx_bake_instance(gfx, mesh, &statics[i].instance, lights, light_count, vdst + vertices, vertices,
                              idst + indices);
            vertices += mesh->vertex_count;
            indices += mesh->index_count;
        }
    }
    free(lights);
    return 0;
}

static void gfx_fill_staging(struct gfx *gfx, const struct scene *scene, uint8_t *dst, VkDeviceSize vertex_bytes)
{
    for (uint32_t m = 0; m < gfx->mesh_count; m++) {
        const struct scene_mesh *mesh = scene_get_mesh(scene, m);
        memcpy(dst + (size_t)gfx->meshes[m].vertex_offset * sizeof(struct scene_vertex), mesh->vertices,
               (size_t)mesh->vertex_count * sizeof(struct scene_vertex));
        memcpy(dst + vertex_bytes + (size_t)gfx->meshes[m].first_index * sizeof(uint32_t), mesh->indices,
               (size_t)mesh->index_count * sizeof(uint32_t));
    }
}

/* One-shot copy from staging; waiting on its own fence is fine here: uploads happen before the loop. */
struct gfx_upload_copy {
    VkBuffer dst;
    VkDeviceSize src_offset, size;
};

static int gfx_copy_and_wait(struct gfx *gfx, VkBuffer staging, const struct gfx_upload_copy *copies, uint32_t count)
{
    VkCommandPool pool = VK_NULL_HANDLE;
    VkFence fence = VK_NULL_HANDLE;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    int rc = -1;
    VkCommandPoolCreateInfo pool_info = {.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
                                         .flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT,
                                         .queueFamilyIndex = gfx->queue_family};
    VkCommandBufferAllocateInfo cmd_info = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                            .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY, .commandBufferCount = 1};
    VkFenceCreateInfo fence_info = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
                                      .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT};
    VkResult res;
    const char *call = "vkCreateCommandPool";
    if ((res = vkCreateCommandPool(gfx->device, &pool_info, NULL, &pool)) != VK_SUCCESS)
        goto done;
    gfx->live_objects++;
    cmd_info.commandPool = pool;
    call = "vkAllocateCommandBuffers";
    if ((res = vkAllocateCommandBuffers(gfx->device, &cmd_info, &cmd)) != VK_SUCCESS)
        goto done;
    call = "vkCreateFence";
    if ((res = vkCreateFence(gfx->device, &fence_info, NULL, &fence)) != VK_SUCCESS)
        goto done;
    gfx->live_objects++;
    call = "vkBeginCommandBuffer";
    if ((res = vkBeginCommandBuffer(cmd, &begin)) != VK_SUCCESS)
        goto done;
    for (uint32_t i = 0; i < count; i++) {
        VkBufferCopy region = {.srcOffset = copies[i].src_offset, .dstOffset = 0, .size = copies[i].size};
        vkCmdCopyBuffer(cmd, staging, copies[i].dst, 1, &region);
    }
    /* Make the copies visible to vertex input of every later submission on this queue. */
    VkMemoryBarrier barrier = {.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
                               .srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT,
                               .dstAccessMask = VK_ACCESS_VERTEX_ATTRIBUTE_READ_BIT | VK_ACCESS_INDEX_READ_BIT};
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_VERTEX_INPUT_BIT, 0, 1, &barrier, 0,
                         NULL, 0, NULL);
    call = "vkEndCommandBuffer";
    if ((res = vkEndCommandBuffer(cmd)) != VK_SUCCESS)
        goto done;
    VkSubmitInfo submit = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1, .pCommandBuffers = &cmd};
    call = "vkQueueSubmit";
    if ((res = vkQueueSubmit(gfx->queue, 1, &submit, fence)) != VK_SUCCESS)
        goto done;
    call = "vkWaitForFences";
    if ((res = vkWaitForFences(gfx->device, 1, &fence, VK_TRUE, UINT64_MAX)) != VK_SUCCESS)
        goto done;
    rc = 0;
done:
    if (rc != 0)
        gfx_log_vk_error(__FILE__, __LINE__, call, res);
    GFX_DESTROY(gfx, vkDestroyFence, fence);
    GFX_DESTROY(gfx, vkDestroyCommandPool, pool);
    return rc;
}

static int gfx_copy_lights(struct gfx *gfx, const struct scene *scene)
{
    uint32_t count = 0;
    const struct scene_light *lights = scene_get_lights(scene, &count);
    if (count == 0)
        return 0;
    gfx->lights = malloc((size_t)count * sizeof *gfx->lights);
    if (!gfx->lights) {
        fprintf(stderr, "gfx: out of memory\n");
        return -1;
    }
    memcpy(gfx->lights, lights, (size_t)count * sizeof *gfx->lights);
    gfx->light_count = count;
    return 0;
}

/* A device-local buffer filled from staging at offset (the copy is recorded later, in one submission). */
static int gfx_upload_buffer(struct gfx *gfx, VkDeviceSize offset, VkDeviceSize size, VkBufferUsageFlags usage,
                             struct gfx_buffer *out, struct gfx_upload_copy *copies, uint32_t *copy_count)
{
    if (gfx_buffer_create(gfx, size, VK_BUFFER_USAGE_TRANSFER_DST_BIT | usage, false, out) != 0)
        return -1;
    copies[(*copy_count)++] = (struct gfx_upload_copy){.dst = out->buffer, .src_offset = offset, .size = size};
    return 0;
}

/* Staging holds, one after another: mesh vertices, mesh indices, static vertices, static indices, and the
 * identity instance of the static pipeline. */
int gfx_upload_scene(struct gfx *gfx, const struct scene *scene)
{
    if (!scene) {
        fprintf(stderr, "gfx: gfx_upload_scene needs a scene\n");
        return -1;
    }
    for (uint32_t i = 0; i < GFX_FRAMES_IN_FLIGHT; i++) { /* frames in flight still read the old meshes */
        if (gfx_slot_wait(gfx, &gfx->slots[i], NULL) != 0)
            return -1;
    }
    gfx_meshes_destroy(gfx);
    gfx->mesh_count = scene_mesh_count(scene);
    gfx->meshes = calloc(gfx->mesh_count ? gfx->mesh_count : 1, sizeof *gfx->meshes);
    if (!gfx->meshes) {
        fprintf(stderr, "gfx: out of memory\n");
        return -1;
    }
    VkDeviceSize vertex_bytes, index_bytes;
    uint64_t static_vertices = 0, static_indices = 0;
    struct gfx_buffer staging = {0};
    struct gfx_upload_copy copies[5];
    uint32_t copy_count = 0;
    int rc = -1;
    if (gfx_mesh_layout(gfx, scene, &vertex_bytes, &index_bytes) != 0 || gfx_copy_lights(gfx, scene) != 0 ||
        gfx_static_layout(gfx, scene, &static_vertices, &static_indices) != 0)
        goto done;
    const VkDeviceSize sv_offset = vertex_bytes + index_bytes;
    const VkDeviceSize sv_bytes = static_vertices * sizeof(struct gfx_static_vertex);
    const VkDeviceSize si_offset = sv_offset + sv_bytes, si_bytes = static_indices * sizeof(uint32_t);
    const VkDeviceSize inst_offset = si_offset + si_bytes;
    if (gfx_buffer_create(gfx, inst_offset + sizeof(struct gfx_instance), VK_BUFFER_USAGE_TRANSFER_SRC_BIT, true,
                          &staging) != 0)
        goto done;
    uint8_t *map = staging.map;
    gfx_fill_staging(gfx, scene, map, vertex_bytes);
    if (gfx_static_fill(gfx, scene, (struct gfx_static_vertex *)(map + sv_offset), (uint32_t *)(map + si_offset)) != 0)
        goto done;
    struct gfx_instance identity = {.base.model = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1},
                                    .point_dir = {0.0f, 0.0f, 0.0f, 1.0f}};
    memcpy(map + inst_offset, &identity, sizeof identity);
    const VkBufferUsageFlags vb = VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, ib = VK_BUFFER_USAGE_INDEX_BUFFER_BIT;
    if (gfx_upload_buffer(gfx, 0, vertex_bytes, vb, &gfx->vertices, copies, &copy_count) != 0 ||
        gfx_upload_buffer(gfx, vertex_bytes, index_bytes, ib, &gfx->indices, copies, &copy_count) != 0 ||
        gfx_upload_buffer(gfx, inst_offset, sizeof identity, vb, &gfx->static_instance, copies, &copy_count) != 0)
        goto done;
    if (static_indices > 0 &&
        (gfx_upload_buffer(gfx, sv_offset, sv_bytes, vb, &gfx->static_vertices, copies, &copy_count) != 0 ||
         gfx_upload_buffer(gfx, si_offset, si_bytes, ib, &gfx->static_indices, copies, &copy_count) != 0))
        goto done;
    if (gfx_copy_and_wait(gfx, staging.buffer, copies, copy_count) != 0)
        goto done;
    rc = 0;
done:
    gfx_buffer_destroy(gfx, &staging);
    if (rc != 0)
        gfx_meshes_destroy(gfx);
    return rc;
}
