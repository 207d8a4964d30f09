#!/usr/bin/env python3
# Scores `facemetric video short_hamilton_clip.mp4 --every N --json` output(s) against the ground truth made by looking
# at the frames (tests/FaceMetric.Video.Tests/Fixtures/hamilton): the same measures as the tests' HamiltonScore, plus
# Obama found/named. Usage: tools/video-hamilton-score.py RUN.json [...]
import json, os, sys
gt=[]
for line in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'FaceMetric.Video.Tests', 'Fixtures', 'hamilton', 'ground_truth.tsv')):
    if line.startswith('#') or not line.strip(): continue
    f=line.rstrip('\n').split('\t'); gt.append((int(f[0]),int(f[1]),f[2],float(f[3]),float(f[4]),float(f[5]),float(f[6]),f[7]))
def ident(fr,box):
    x,y,w,h=box; cx=x+w/2; cy=y+h/2
    for a,b,i,x0,y0,x1,y1,p in gt:
        if a<=fr<=b and x0<=cx<x1 and y0<=cy<y1: return i
    return None
def visible(fr,i,pose=None): return any(a<=fr<=b and ii==i and (pose is None or p==pose) for a,b,ii,*_,p in gt)
ident_ok=lambda t: t is not None and t not in ('blurred-audience','audience-edge')
name_of=lambda t: 'obama' if t=='barack-obama' else t
for path in sys.argv[1:]:
    r=json.load(open(path))
    names={p['id']:p['name'] for p in r['people']}
    det=r['detections']
    step=round(r['frames']/r['sampled'])  # --every N from the counts (275 frames: 55 sampled at N = 5)
    frames=list(range(0,r['frames'],step))
    lin_truth=sum(1 for f in frames if visible(f,'lin-manuel-miranda','frontal'))
    lab=[d for d in det if names[d['person']]=='lin-manuel-miranda']
    labf=len({d['frame'] for d in lab})
    corr=len({d['frame'] for d in lab if ident(d['frame'],d['box'])=='lin-manuel-miranda' and visible(d['frame'],'lin-manuel-miranda','frontal')})
    alex1=len({d['frame'] for d in det if d['frame']<=19 and names[d['person']]=='alex-lacamoire' and ident(d['frame'],d['box'])=='alex-lacamoire'})
    alex_truth1=sum(1 for f in frames if f<=19)
    alex_all=len({d['frame'] for d in det if names[d['person']]=='alex-lacamoire' and ident(d['frame'],d['box'])=='alex-lacamoire'})
    alex_found=len({d['frame'] for d in det if ident(d['frame'],d['box'])=='alex-lacamoire'})
    wrong=[(d['frame'],names[d['person']],ident(d['frame'],d['box'])) for d in det if names[d['person']] and ident_ok(ident(d['frame'],d['box'])) and name_of(ident(d['frame'],d['box']))!=names[d['person']]]
    ob_found=len({d['frame'] for d in det if ident(d['frame'],d['box'])=='barack-obama'})
    ob_named=len({d['frame'] for d in det if ident(d['frame'],d['box'])=='barack-obama' and names[d['person']]=='obama'})
    ob_frames=sum(1 for f in frames if visible(f,'barack-obama'))
    per={}
    for d in det: per.setdefault(d['person'],set()).add(ident(d['frame'],d['box']))
    span=[(k,names[k],sorted(x for x in v if ident_ok(x))) for k,v in per.items() if len([x for x in v if ident_ok(x)])>1]
    seen=len({ident(d['frame'],d['box']) for d in det if ident_ok(ident(d['frame'],d['box']))})
    anon=sum(1 for p in r['people'] if not p['known'])
    P=corr/labf if labf else 0; R=corr/lin_truth if lin_truth else 0
    print(f"{path.split('/')[-1]}: sampled {r['sampled']} LMM P {P:.3f} R {R:.3f} ({corr}/{lin_truth}); Alex shot1 {alex1}/{alex_truth1}, Alex named {alex_all} of {alex_found} frames found; Obama found {ob_found}/{ob_frames} frames, named {ob_named}; wrong {len(wrong)} {wrong[:6]}; people {len(r['people'])} anon {anon} ids seen {seen}; spanning {span}")
