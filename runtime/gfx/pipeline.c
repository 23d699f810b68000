/* Pipelines: the persisted VkPipelineCache (validated header, warnings only), the pipeline layout, and
 * the mesh pipeline built from the SPIR-V embedded at build time. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fxr_shaders.h>

#include "gfx_internal.h"

/* A cache file bigger than this is not ours. */
#define GFX_CACHE_MAX_BYTES (64l << 20)

int gfx_pipeline_cache_default_path(char **out_path)
{
    *out_path = NULL;
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    const char *base = NULL, *sub = "";
    if (xdg && xdg[0] == '/') {
        base = xdg;
    } else {
        if (xdg && xdg[0]) /* the XDG spec says relative paths are to be ignored */
            fprintf(stderr, "gfx: warning: XDG_CACHE_HOME='%s' is not absolute; ignored\n", xdg);
        if (home && home[0] == '/') {
            base = home;
            sub = "/.cache";
        }
    }
    if (!base) {
        fprintf(stderr, "gfx: warning: neither XDG_CACHE_HOME nor HOME is an absolute path; "
                        "pipeline cache not persisted\n");
        return 0;
    }
    size_t len = strlen(base) + strlen(sub) + sizeof "/factoryxr/pipeline.cache";
    char *path = malloc(len);
    if (!path) {
        fprintf(stderr, "gfx: out of memory\n");
        return -1;
    }
    snprintf(path, len, "%s%s/factoryxr/pipeline.cache", base, sub);
    *out_path = path;
    return 0;
}

/* Reads the whole file; NULL (and a warning unless it does not exist) when it cannot be used. */
static void *gfx_cache_read(const char *path, size_t *out_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno != ENOENT)
            fprintf(stderr, "gfx: warning: cannot open pipeline cache %s: %s\n", path, strerror(errno));
        return NULL;
    }
    void *data = NULL;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size < 0 || size > GFX_CACHE_MAX_BYTES || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "gfx: warning: pipeline cache %s: unusable size; ignored\n", path);
    } else if (size > 0 && (data = malloc((size_t)size)) != NULL) {
        if (fread(data, 1, (size_t)size, f) != (size_t)size) {
            fprintf(stderr, "gfx: warning: pipeline cache %s: short read; ignored\n", path);
            free(data);
            data = NULL;
        }
    }
    fclose(f);
    *out_size = data ? (size_t)size : 0;
    return data;
}

/* The header Vulkan puts first in cache data (VkPipelineCacheHeaderVersionOne), checked field by field
 * so that a cache from another driver or GPU is dropped with a reason, not handed to the driver. */
static bool gfx_cache_header_ok(const struct gfx *gfx, const void *data, size_t size, const char *path)
{
    VkPipelineCacheHeaderVersionOne h;
    if (size < sizeof h) {
        fprintf(stderr, "gfx: warning: pipeline cache %s: %zu bytes, shorter than its header; ignored\n", path,
                size);
        return false;
    }
    memcpy(&h, data, sizeof h);
    const char *why = NULL;
    if (h.headerSize < sizeof h || h.headerSize > size)
        why = "bad header size";
    else if (h.headerVersion != VK_PIPELINE_CACHE_HEADER_VERSION_ONE)
        why = "unknown header version";
    else if (h.vendorID != gfx->props.vendorID || h.deviceID != gfx->props.deviceID)
        why = "made for another device";
    else if (memcmp(h.pipelineCacheUUID, gfx->props.pipelineCacheUUID, VK_UUID_SIZE) != 0)
        why = "made by another driver version";
    if (why)
        fprintf(stderr, "gfx: warning: pipeline cache %s: %s; starting empty\n", path, why);
    return why == NULL;
}

int gfx_pipeline_cache_create(struct gfx *gfx)
{
    size_t size = 0;
    void *data = gfx->cache_path ? gfx_cache_read(gfx->cache_path, &size) : NULL;
    if (data && !gfx_cache_header_ok(gfx, data, size, gfx->cache_path)) {
        free(data);
        data = NULL;
        size = 0;
    }
    VkPipelineCacheCreateInfo info = {.sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO,
                                      .initialDataSize = size,
                                      .pInitialData = data};
    VkResult res = vkCreatePipelineCache(gfx->device, &info, NULL, &gfx->pipeline_cache);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS && data) {
        fprintf(stderr, "gfx: warning: driver rejected pipeline cache %s (%s); starting empty\n", gfx->cache_path,
                gfx_vk_result_string(res));
        info.initialDataSize = 0;
        info.pInitialData = NULL;
        res = vkCreatePipelineCache(gfx->device, &info, NULL, &gfx->pipeline_cache);
        gfx->live_objects += res == VK_SUCCESS;
    }
    free(data);
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreatePipelineCache", res);
        return -1;
    }
    return 0;
}

/* mkdir -p of the directory part of path. */
static int gfx_make_parent_dirs(const char *path)
{
    char *dir = strdup(path);
    if (!dir)
        return -1;
    int rc = 0;
    for (char *p = dir + 1; *p && rc == 0; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            rc = -1;
        *p = '/';
    }
    free(dir);
    return rc;
}

static void gfx_cache_write(const char *path, const void *data, size_t size)
{
    if (gfx_make_parent_dirs(path) != 0) {
        fprintf(stderr, "gfx: warning: cannot create the directory of %s: %s\n", path, strerror(errno));
        return;
    }
    /* Write beside and rename: a crash or a second instance never leaves a torn cache behind. */
    size_t len = strlen(path) + 32;
    char *tmp = malloc(len);
    if (!tmp)
        return;
    snprintf(tmp, len, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(data, 1, size, f) == size;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok || rename(tmp, path) != 0) {
        fprintf(stderr, "gfx: warning: cannot save pipeline cache %s: %s\n", path, strerror(errno));
        remove(tmp);
    }
    free(tmp);
}

void gfx_pipeline_cache_save(struct gfx *gfx)
{
    if (!gfx->cache_path || !gfx->pipeline_cache)
        return;
    size_t size = 0;
    VkResult res = vkGetPipelineCacheData(gfx->device, gfx->pipeline_cache, &size, NULL);
    void *data = res == VK_SUCCESS && size > 0 ? malloc(size) : NULL;
    if (data)
        res = vkGetPipelineCacheData(gfx->device, gfx->pipeline_cache, &size, data);
    if (res != VK_SUCCESS)
        fprintf(stderr, "gfx: warning: vkGetPipelineCacheData failed: %s; cache not saved\n",
                gfx_vk_result_string(res));
    else if (data)
        gfx_cache_write(gfx->cache_path, data, size);
    free(data);
}

static int gfx_shader_module(struct gfx *gfx, const uint32_t *code, size_t size, VkShaderModule *out_module)
{
    VkShaderModuleCreateInfo info = {.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
                                     .codeSize = size,
                                     .pCode = code};
    VkResult res = vkCreateShaderModule(gfx->device, &info, NULL, out_module);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreateShaderModule", res);
        return -1;
    }
    return 0;
}

int gfx_pipeline_layout_create(struct gfx *gfx)
{
    VkDescriptorSetLayoutBinding binding = {.binding = 0,
                                            .descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER,
                                            .descriptorCount = 1,
                                            .stageFlags = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT};
    VkDescriptorSetLayoutCreateInfo set_info = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
                                                .bindingCount = 1,
                                                .pBindings = &binding};
    VkResult res = vkCreateDescriptorSetLayout(gfx->device, &set_info, NULL, &gfx->set_layout);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreateDescriptorSetLayout", res);
        return -1;
    }
    /* view_base: which eye a per-view pass draws; 0 in multiview, where gl_ViewIndex picks it. */
    VkPushConstantRange push = {.stageFlags = VK_SHADER_STAGE_VERTEX_BIT, .offset = 0, .size = sizeof(uint32_t)};
    VkPipelineLayoutCreateInfo layout_info = {.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
                                              .setLayoutCount = 1,
                                              .pSetLayouts = &gfx->set_layout,
                                              .pushConstantRangeCount = 1,
                                              .pPushConstantRanges = &push};
    res = vkCreatePipelineLayout(gfx->device, &layout_info, NULL, &gfx->pipeline_layout);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreatePipelineLayout", res);
        return -1;
    }
    VkDescriptorPoolSize size = {.type = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, .descriptorCount = GFX_FRAMES_IN_FLIGHT};
    VkDescriptorPoolCreateInfo pool_info = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
                                            .maxSets = GFX_FRAMES_IN_FLIGHT,
                                            .poolSizeCount = 1,
                                            .pPoolSizes = &size};
    res = vkCreateDescriptorPool(gfx->device, &pool_info, NULL, &gfx->descriptor_pool);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreateDescriptorPool", res);
        return -1;
    }
    if (gfx_shader_module(gfx, shader_mesh_vert, shader_mesh_vert_size, &gfx->vert) != 0 ||
        gfx_shader_module(gfx, shader_mesh_frag, shader_mesh_frag_size, &gfx->frag) != 0)
        return -1;
    return 0;
}

void gfx_pipeline_layout_destroy(struct gfx *gfx)
{
    GFX_DESTROY(gfx, vkDestroyShaderModule, gfx->vert);
    GFX_DESTROY(gfx, vkDestroyShaderModule, gfx->frag);
    GFX_DESTROY(gfx, vkDestroyDescriptorPool, gfx->descriptor_pool);
    GFX_DESTROY(gfx, vkDestroyPipelineLayout, gfx->pipeline_layout);
    GFX_DESTROY(gfx, vkDestroyDescriptorSetLayout, gfx->set_layout);
    gfx->vert = gfx->frag = VK_NULL_HANDLE;
    gfx->descriptor_pool = VK_NULL_HANDLE;
    gfx->pipeline_layout = VK_NULL_HANDLE;
    gfx->set_layout = VK_NULL_HANDLE;
}

/* Animated instances. Binding 0: struct scene_vertex per vertex; binding 1: struct gfx_instance per
 * instance (model matrix as four columns, color with emissive in w, then the point lights summed at the
 * instance). */
static const VkVertexInputBindingDescription gfx_bindings[2] = {
    {.binding = 0, .stride = sizeof(struct scene_vertex), .inputRate = VK_VERTEX_INPUT_RATE_VERTEX},
    {.binding = 1, .stride = sizeof(struct gfx_instance), .inputRate = VK_VERTEX_INPUT_RATE_INSTANCE},
};
static const VkVertexInputAttributeDescription gfx_attributes[9] = {
    {.location = 0, .binding = 0, .format = VK_FORMAT_R32G32B32_SFLOAT, .offset = offsetof(struct scene_vertex, pos)},
    {.location = 1, .binding = 0, .format = VK_FORMAT_R32G32B32_SFLOAT, .offset = offsetof(struct scene_vertex, normal)},
    {.location = 2, .binding = 1, .format = VK_FORMAT_R32G32B32A32_SFLOAT, .offset = 0},
    {.location = 3, .binding = 1, .format = VK_FORMAT_R32G32B32A32_SFLOAT, .offset = 16},
    {.location = 4, .binding = 1, .format = VK_FORMAT_R32G32B32A32_SFLOAT, .offset = 32},
    {.location = 5, .binding = 1, .format = VK_FORMAT_R32G32B32A32_SFLOAT, .offset = 48},
    {.location = 6, .binding = 1, .format = VK_FORMAT_R32G32B32A32_SFLOAT,
     .offset = offsetof(struct scene_instance, color)},
    {.location = 7, .binding = 1, .format = VK_FORMAT_R32G32B32A32_SFLOAT, .offset = offsetof(struct gfx_instance, point)},
    {.location = 8, .binding = 1, .format = VK_FORMAT_R32G32B32A32_SFLOAT,
     .offset = offsetof(struct gfx_instance, point_dir)},
};

/* Merged static geometry: the same shader inputs, but color and point come per vertex (binding 0: struct
 * gfx_static_vertex) and binding 1 holds one identity gfx_instance (model = identity, point_dir.w = 1). */
static const VkVertexInputBindingDescription gfx_static_bindings[2] = {
    {.binding = 0, .stride = sizeof(struct gfx_static_vertex), .inputRate = VK_VERTEX_INPUT_RATE_VERTEX},
    {.binding = 1, .stride = sizeof(struct gfx_instance), .inputRate = VK_VERTEX_INPUT_RATE_INSTANCE},
};
static const VkVertexInputAttributeDescription gfx_static_attributes[9] = {
    {.location = 0, .binding = 0, .format = VK_FORMAT_R32G32B32_SFLOAT,
     .offset = offsetof(struct gfx_static_vertex, pos)},
    {.location = 1, .binding = 0, .format = VK_FORMAT_R32G32B32_SFLOAT,
     .offset = offsetof(struct gfx_static_vertex, normal)},
    {.location = 2, .binding = 1, .format = VK_FORMAT_R32G32B32A32_SFLOAT, .offset = 0},
    {.location = 3, .binding = 1, .format = VK_FORMAT_R32G32B32A32_SFLOAT, .offset = 16},
    {.location = 4, .binding = 1, .format = VK_FORMAT_R32G32B32A32_SFLOAT, .offset = 32},
    {.location = 5, .binding = 1, .format = VK_FORMAT_R32G32B32A32_SFLOAT, .offset = 48},
    {.location = 6, .binding = 0, .format = VK_FORMAT_R32G32B32A32_SFLOAT,
     .offset = offsetof(struct gfx_static_vertex, color)},
    {.location = 7, .binding = 0, .format = VK_FORMAT_R32G32B32A32_SFLOAT,
     .offset = offsetof(struct gfx_static_vertex, point)},
    {.location = 8, .binding = 1, .format = VK_FORMAT_R32G32B32A32_SFLOAT,
     .offset = offsetof(struct gfx_instance, point_dir)},
};

int gfx_pipeline_create(struct gfx *gfx, VkRenderPass pass, VkSampleCountFlagBits samples,
                        enum gfx_pipeline_kind kind, VkPipeline *out_pipeline)
{
    const bool static_geometry = kind == GFX_PIPELINE_STATIC;
    VkBool32 spin = kind == GFX_PIPELINE_SPIN ? VK_TRUE : VK_FALSE; /* mesh.vert's constant_id 0 */
    VkSpecializationMapEntry entry = {.constantID = 0, .offset = 0, .size = sizeof spin};
    VkSpecializationInfo spec = {.mapEntryCount = 1, .pMapEntries = &entry, .dataSize = sizeof spin,
                                 .pData = &spin};
    VkPipelineShaderStageCreateInfo stages[2] = {
        {.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, .stage = VK_SHADER_STAGE_VERTEX_BIT,
         .module = gfx->vert, .pName = "main", .pSpecializationInfo = &spec},
        {.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, .stage = VK_SHADER_STAGE_FRAGMENT_BIT,
         .module = gfx->frag, .pName = "main"},
    };
    VkPipelineVertexInputStateCreateInfo vertex_input = {
        .sType = VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO,
        .vertexBindingDescriptionCount = 2,
        .pVertexBindingDescriptions = static_geometry ? gfx_static_bindings : gfx_bindings,
        .vertexAttributeDescriptionCount = 9,
        .pVertexAttributeDescriptions = static_geometry ? gfx_static_attributes : gfx_attributes};
    VkPipelineInputAssemblyStateCreateInfo assembly = {
        .sType = VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO,
        .topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST};
    VkPipelineViewportStateCreateInfo viewport = {.sType = VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO,
                                                  .viewportCount = 1, .scissorCount = 1};
    /* Meshes are wound counter-clockwise seen from outside; proj flips y, so the winding on screen is kept. */
    VkPipelineRasterizationStateCreateInfo raster = {
        .sType = VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO,
        .polygonMode = VK_POLYGON_MODE_FILL, .cullMode = VK_CULL_MODE_BACK_BIT,
        .frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE, .lineWidth = 1.0f};
    VkPipelineMultisampleStateCreateInfo multisample = {
        .sType = VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO, .rasterizationSamples = samples};
    VkPipelineDepthStencilStateCreateInfo depth = {
        .sType = VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO,
        .depthTestEnable = VK_TRUE, .depthWriteEnable = VK_TRUE, .depthCompareOp = VK_COMPARE_OP_LESS};
    VkPipelineColorBlendAttachmentState blend_attachment = {
        .colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT | VK_COLOR_COMPONENT_B_BIT |
                          VK_COLOR_COMPONENT_A_BIT};
    VkPipelineColorBlendStateCreateInfo blend = {.sType = VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO,
                                                 .attachmentCount = 1, .pAttachments = &blend_attachment};
    VkDynamicState dynamic_states[2] = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
    VkPipelineDynamicStateCreateInfo dynamic = {.sType = VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO,
                                                .dynamicStateCount = 2, .pDynamicStates = dynamic_states};
    VkGraphicsPipelineCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO,
        .stageCount = 2, .pStages = stages,
        .pVertexInputState = &vertex_input, .pInputAssemblyState = &assembly, .pViewportState = &viewport,
        .pRasterizationState = &raster, .pMultisampleState = &multisample, .pDepthStencilState = &depth,
        .pColorBlendState = &blend, .pDynamicState = &dynamic,
        .layout = gfx->pipeline_layout, .renderPass = pass, .subpass = 0};
    VkResult res = vkCreateGraphicsPipelines(gfx->device, gfx->pipeline_cache, 1, &info, NULL, out_pipeline);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreateGraphicsPipelines", res);
        return -1;
    }
    return 0;
}
