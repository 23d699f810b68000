/* Uploads the scene's meshes once into two device-local buffers (all vertices, all indices) through a
 * staging copy, and keeps the scene's lights for the per-frame selection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gfx_internal.h"

void gfx_meshes_destroy(struct gfx *gfx)
{
    gfx_buffer_destroy(gfx, &gfx->vertices);
    gfx_buffer_destroy(gfx, &gfx->indices);
    free(gfx->meshes);
    free(gfx->lights);
    gfx->meshes = NULL;
    gfx->lights = NULL;
    gfx->mesh_count = 0;
    gfx->light_count = 0;
}

/* One normal for every vertex (the quad grid of floors, walls, roof): a grid can carry light that varies
 * across one large instance, a box or prism could only repeat it at its corners. */
static bool gfx_mesh_is_flat(const struct scene_mesh *mesh)
{
    for (uint32_t v = 1; v < mesh->vertex_count; v++) {
        if (memcmp(mesh->vertices[v].normal, mesh->vertices[0].normal, sizeof mesh->vertices[0].normal) != 0)
            return false;
    }
    return mesh->vertex_count > 0;
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
            .flat = gfx_mesh_is_flat(mesh)};
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
static int gfx_copy_and_wait(struct gfx *gfx, VkBuffer staging, VkDeviceSize vertex_bytes, VkDeviceSize index_bytes)
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
    cmd_info.commandPool = pool;
    call = "vkAllocateCommandBuffers";
    if ((res = vkAllocateCommandBuffers(gfx->device, &cmd_info, &cmd)) != VK_SUCCESS)
        goto done;
    call = "vkCreateFence";
    if ((res = vkCreateFence(gfx->device, &fence_info, NULL, &fence)) != VK_SUCCESS)
        goto done;
    call = "vkBeginCommandBuffer";
    if ((res = vkBeginCommandBuffer(cmd, &begin)) != VK_SUCCESS)
        goto done;
    VkBufferCopy vertex_copy = {.srcOffset = 0, .dstOffset = 0, .size = vertex_bytes};
    VkBufferCopy index_copy = {.srcOffset = vertex_bytes, .dstOffset = 0, .size = index_bytes};
    vkCmdCopyBuffer(cmd, staging, gfx->vertices.buffer, 1, &vertex_copy);
    vkCmdCopyBuffer(cmd, staging, gfx->indices.buffer, 1, &index_copy);
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
    vkDestroyFence(gfx->device, fence, NULL);
    vkDestroyCommandPool(gfx->device, pool, NULL);
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
    struct gfx_buffer staging = {0};
    int rc = -1;
    if (gfx_mesh_layout(gfx, scene, &vertex_bytes, &index_bytes) != 0 ||
        gfx_buffer_create(gfx, vertex_bytes + index_bytes, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, true, &staging) != 0)
        goto done;
    gfx_fill_staging(gfx, scene, staging.map, vertex_bytes);
    if (gfx_buffer_create(gfx, vertex_bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_VERTEX_BUFFER_BIT,
                          false, &gfx->vertices) != 0 ||
        gfx_buffer_create(gfx, index_bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_INDEX_BUFFER_BIT,
                          false, &gfx->indices) != 0 ||
        gfx_copy_and_wait(gfx, staging.buffer, vertex_bytes, index_bytes) != 0 || gfx_copy_lights(gfx, scene) != 0)
        goto done;
    rc = 0;
done:
    gfx_buffer_destroy(gfx, &staging);
    if (rc != 0)
        gfx_meshes_destroy(gfx);
    return rc;
}
