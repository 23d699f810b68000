/* GPU time of each frame from two timestamps around its pass(es), read back once the slot's fence says the
 * frame is done (never a wait of its own). */
#include <stdio.h>

#include "gfx_internal.h"

int gfx_timing_create(struct gfx *gfx, struct gfx_slot *slot)
{
    if (!gfx->timestamps)
        return 0;
    VkQueryPoolCreateInfo info = {.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
                                  .queryType = VK_QUERY_TYPE_TIMESTAMP,
                                  .queryCount = 2};
    VkResult res = vkCreateQueryPool(gfx->device, &info, NULL, &slot->queries);
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreateQueryPool", res);
        return -1;
    }
    return 0;
}

void gfx_timing_destroy(struct gfx *gfx, struct gfx_slot *slot)
{
    vkDestroyQueryPool(gfx->device, slot->queries, NULL);
    slot->queries = VK_NULL_HANDLE;
}

void gfx_timing_begin(struct gfx *gfx, struct gfx_slot *slot)
{
    if (!slot->queries)
        return;
    vkCmdResetQueryPool(slot->cmd, slot->queries, 0, 2);
    vkCmdWriteTimestamp(slot->cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, slot->queries, 0);
}

void gfx_timing_end(struct gfx *gfx, struct gfx_slot *slot)
{
    if (slot->queries)
        vkCmdWriteTimestamp(slot->cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, slot->queries, 1);
}

double gfx_timing_read(struct gfx *gfx, struct gfx_slot *slot)
{
    if (!slot->queries || !slot->queries_written)
        return -1.0;
    slot->queries_written = false;
    uint64_t data[4]; /* value, availability; twice */
    VkResult res = vkGetQueryPoolResults(gfx->device, slot->queries, 0, 2, sizeof data, data, 2 * sizeof(uint64_t),
                                         VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WITH_AVAILABILITY_BIT);
    if (res == VK_NOT_READY || (res == VK_SUCCESS && (!data[1] || !data[3])))
        return -1.0; /* cannot happen after the fence, but an unknown time is not an error */
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkGetQueryPoolResults", res);
        return -1.0;
    }
    uint64_t ticks = (data[2] - data[0]) & gfx->timestamp_mask;
    return (double)ticks * (double)gfx->props.limits.timestampPeriod * 1e-6;
}
