/* GPU time of each frame from two timestamps around its pass(es). The frame's own command buffer copies
 * them into a mapped buffer, read once the slot's fence says the frame is done: vkGetQueryPoolResults is
 * never called in the loop (lavapipe waits for the whole device idle in it, i.e. for the other frame in
 * flight too, which cost 10-20 ms per frame). */
#include <stdio.h>

#include "gfx_internal.h"

/* Per timestamp: value, availability (VK_QUERY_RESULT_WITH_AVAILABILITY_BIT, 64-bit). */
#define GFX_TIMING_WORDS 4u

int gfx_timing_create(struct gfx *gfx, struct gfx_slot *slot)
{
    if (!gfx->timestamps)
        return 0;
    VkQueryPoolCreateInfo info = {.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
                                  .queryType = VK_QUERY_TYPE_TIMESTAMP,
                                  .queryCount = 2};
    VkResult res = vkCreateQueryPool(gfx->device, &info, NULL, &slot->queries);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreateQueryPool", res);
        return -1;
    }
    return gfx_buffer_create(gfx, GFX_TIMING_WORDS * sizeof(uint64_t), VK_BUFFER_USAGE_TRANSFER_DST_BIT, true,
                             &slot->query_results);
}

void gfx_timing_destroy(struct gfx *gfx, struct gfx_slot *slot)
{
    gfx_buffer_destroy(gfx, &slot->query_results);
    GFX_DESTROY(gfx, vkDestroyQueryPool, slot->queries);
    slot->queries = VK_NULL_HANDLE;
}

void gfx_timing_begin(struct gfx *gfx, struct gfx_slot *slot)
{
    (void)gfx;
    if (!slot->queries)
        return;
    vkCmdResetQueryPool(slot->cmd, slot->queries, 0, 2);
    vkCmdWriteTimestamp(slot->cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, slot->queries, 0);
}

/* The copy waits (on the GPU) for both timestamps; the barrier makes its writes visible to the host once
 * the fence has signalled. */
void gfx_timing_end(struct gfx *gfx, struct gfx_slot *slot)
{
    (void)gfx;
    if (!slot->queries)
        return;
    vkCmdWriteTimestamp(slot->cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, slot->queries, 1);
    const VkQueryResultFlags flags =
        VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT | VK_QUERY_RESULT_WITH_AVAILABILITY_BIT;
    vkCmdCopyQueryPoolResults(slot->cmd, slot->queries, 0, 2, slot->query_results.buffer, 0, 2 * sizeof(uint64_t),
                              flags);
    VkBufferMemoryBarrier to_host = {.sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER,
                                     .srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT,
                                     .dstAccessMask = VK_ACCESS_HOST_READ_BIT,
                                     .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
                                     .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
                                     .buffer = slot->query_results.buffer,
                                     .offset = 0,
                                     .size = VK_WHOLE_SIZE};
    vkCmdPipelineBarrier(slot->cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 0, NULL, 1,
                         &to_host, 0, NULL);
}

double gfx_timing_read(struct gfx *gfx, struct gfx_slot *slot)
{
    if (!slot->queries || !slot->queries_written)
        return -1.0;
    slot->queries_written = false;
    const volatile uint64_t *data = slot->query_results.map; /* host-coherent, written by the GPU */
    uint64_t t0 = data[0], avail0 = data[1], t1 = data[2], avail1 = data[3];
    if (!avail0 || !avail1)
        return -1.0; /* cannot happen after the fence, but an unknown time is not an error */
    uint64_t ticks = (t1 - t0) & gfx->timestamp_mask;
    return (double)ticks * (double)gfx->props.limits.timestampPeriod * 1e-6;
}
