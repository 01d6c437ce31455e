import type { EmulatorEndpoint } from './types.js'

/** The emulated host a request addresses. */
export type RouteScope = 'api' | 'batch' | 'delivery' | 'other'

export interface RouteMatch {
  endpoint: EmulatorEndpoint | 'unknown'
  scope: RouteScope
  /** Account tag from `/client/v4/accounts/{id}/...`; API scope only. */
  accountId?: string
  /** Image ID as written in the path, still percent-encoded. */
  rawImageId?: string
  /** Path segments after `/cdn-cgi/imagedelivery/`, still percent-encoded. */
  deliverySegments?: string[]
}

const API_PREFIX = '/client/v4/accounts/'
const DELIVERY_PREFIX = '/cdn-cgi/imagedelivery/'

/** Endpoints the batch host serves; the rest of the Images API is API-host only. */
const BATCH_ENDPOINTS = new Set<EmulatorEndpoint | 'unknown'>(['upload', 'get', 'delete', 'patch', 'list-v2'])

/** Second segment after `/images/v1/` that names an account-level endpoint rather than an image. */
const RESERVED_V1_SEGMENTS = new Set(['stats', 'variants', 'config', 'batch_token'])

/** Maps a method and a raw (still percent-encoded) path to an endpoint. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  if (pathname.startsWith(DELIVERY_PREFIX)) {
    const segments = pathname.slice(DELIVERY_PREFIX.length).split('/')
    const endpoint = method === 'GET' || method === 'HEAD' ? 'delivery' : 'unknown'
    return { endpoint, scope: 'delivery', deliverySegments: segments }
  }

  if (pathname.startsWith(API_PREFIX)) {
    const [accountId = '', ...rest] = pathname.slice(API_PREFIX.length).split('/')
    return { ...matchImagesPath(method, rest), scope: 'api', accountId }
  }

  if (pathname.startsWith('/client/v4/')) return { endpoint: 'unknown', scope: 'api' }

  if (pathname.startsWith('/images/')) {
    const match = matchImagesPath(method, pathname.slice(1).split('/'))
    if (!BATCH_ENDPOINTS.has(match.endpoint)) return { endpoint: 'unknown', scope: 'batch' }
    return { ...match, scope: 'batch' }
  }

  return { endpoint: 'unknown', scope: 'other' }
}

function matchImagesPath(method: string, segments: string[]): Pick<RouteMatch, 'endpoint' | 'rawImageId'> {
  const [images, version, second, third, ...extra] = segments
  if (images !== 'images' || extra.length > 0) return { endpoint: 'unknown' }

  if (version === 'v2') {
    const isList = second === undefined && method === 'GET'
    return { endpoint: isList ? 'list-v2' : 'unknown' }
  }
  if (version !== 'v1') return { endpoint: 'unknown' }

  if (second === undefined) {
    if (method === 'POST') return { endpoint: 'upload' }
    if (method === 'GET') return { endpoint: 'list-v1' }
    return { endpoint: 'unknown' }
  }

  if (RESERVED_V1_SEGMENTS.has(second)) {
    if (third !== undefined) return { endpoint: 'unknown' }
    return { endpoint: matchAccountEndpoint(method, second) }
  }

  if (second === '') return { endpoint: 'unknown' }

  if (third === 'blob') {
    return { endpoint: method === 'GET' ? 'blob' : 'unknown', rawImageId: second }
  }
  if (third !== undefined) return { endpoint: 'unknown' }

  const byMethod: Record<string, EmulatorEndpoint> = { GET: 'get', DELETE: 'delete', PATCH: 'patch' }
  const endpoint = byMethod[method]
  return endpoint ? { endpoint, rawImageId: second } : { endpoint: 'unknown' }
}

function matchAccountEndpoint(method: string, segment: string): EmulatorEndpoint | 'unknown' {
  if (segment === 'stats' && method === 'GET') return 'stats'
  if (segment === 'variants' && method === 'GET') return 'variants-list'
  if (segment === 'variants' && method === 'POST') return 'variants-create'
  if (segment === 'config' && method === 'PATCH') return 'config'
  if (segment === 'batch_token' && method === 'GET') return 'batch-token'
  return 'unknown'
}
